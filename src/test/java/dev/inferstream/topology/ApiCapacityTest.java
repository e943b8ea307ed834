package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.state.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApiCapacityTest {

    private static ApiCapacity capacity(int maxInFlight, double callsPerSecond) {
        return new ApiCapacity(TopologySettings.Limits.defaults().withInFlightAndRate(maxInFlight, callsPerSecond),
                TopologySettings.Retries.defaults());
    }

    private static final ApiOutcome OK = new ApiOutcome.NotFound(404, Duration.ZERO);

    @Test
    void givenRateLimit_noOneSecondWindowHoldsMoreThanTheLimitLessItsHeadroom_andCallsAreSpreadOut() {
        ApiCapacity capacity = capacity(1_000, 100);
        List<Long> sent = new ArrayList<>();
        for (long now = 0; now < 5_000; now += 5) {
            Optional<ApiCapacity.Permit> permit;
            while ((permit = capacity.tryAcquire(Lane.LIVE, now)).isPresent()) {
                permit.get().sent(now);
                permit.get().finish(OK);
                sent.add(now);
            }
        }
        assertThat(maxWithin(sent, 1_000)).as("7% under the limit of 100").isEqualTo(93);
        assertThat(maxWithin(sent, CallPacer.BURST_MILLIS))
                .as("a burst of 9.3 plus what 100 ms refill, not the whole second at once").isLessThanOrEqualTo(19);
        assertThat(sent).as("the aimed rate is reached, not just respected").hasSizeGreaterThanOrEqualTo(93 * 4);
    }

    /** The most timestamps within any window of {@code millis} starting at one of them. */
    private static int maxWithin(List<Long> times, long millis) {
        int most = 0;
        for (int first = 0, last = 0; first < times.size(); first++) {
            while (last < times.size() && times.get(last) < times.get(first) + millis) {
                last++;
            }
            most = Math.max(most, last - first);
        }
        return most;
    }

    @Test
    void givenPermitsNotYetSent_theyCountAgainstTheRate() {
        ApiCapacity capacity = capacity(1_000, 10);
        List<ApiCapacity.Permit> held = new ArrayList<>();
        for (long now = 0; now < 1_000; now += 10) {
            capacity.tryAcquire(Lane.LIVE, now).ifPresent(held::add);
        }
        assertThat(held).as("10 calls/s less the headroom, none sent yet").hasSize(9);
        assertThat(capacity.tryAcquire(Lane.LIVE, 1_500)).isEmpty();
        held.forEach(ApiCapacity.Permit::cancel);
        assertThat(capacity.tryAcquire(Lane.LIVE, 1_500)).isPresent();
    }

    @Test
    void givenInFlightCap_freesASlotOnlyWhenACallFinishes() {
        ApiCapacity capacity = capacity(2, 0);
        ApiCapacity.Permit first = capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();
        assertThat(capacity.tryAcquire(Lane.LIVE, 0)).isEmpty();

        first.finish(OK);
        first.finish(OK);

        assertThat(capacity.inFlight()).isEqualTo(1);
        assertThat(capacity.tryAcquire(Lane.LIVE, 0)).isPresent();
        assertThat(capacity.tryAcquire(Lane.LIVE, 0)).isEmpty();
    }

    @Test
    void givenLiveActivity_backfillKeepsItsShare_andAllButTheLiveReserveOnceLiveIsIdle() {
        ApiCapacity capacity = capacity(10, 0);
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow().finish(OK);
        int backfill = 0;
        while (capacity.tryAcquire(Lane.BACKFILL, 100).isPresent()) {
            backfill++;
        }
        assertThat(backfill).isEqualTo(2);

        long idle = ApiCapacity.LIVE_IDLE_AFTER_MILLIS + 1;
        while (capacity.tryAcquire(Lane.BACKFILL, idle).isPresent()) {
            backfill++;
        }
        assertThat(backfill).as("one slot of ten stays free for the next live request").isEqualTo(9);
        assertThat(capacity.tryAcquire(Lane.LIVE, idle)).isPresent();
    }

    @Test
    void givenIdleLiveAndAFullBackfillWindow_theNextLiveRequestStillGetsACallAtOnce() {
        ApiCapacity capacity = capacity(1_000, 100);
        int backfill = 0;
        for (long now = 0; now < 1_000; now += 10) {
            Optional<ApiCapacity.Permit> permit;
            while ((permit = capacity.tryAcquire(Lane.BACKFILL, now)).isPresent()) {
                permit.get().sent(now);
                backfill++;
            }
        }
        assertThat(backfill).as("95 calls/s aimed, less the 4 kept for live work and the pacer token each slot keeps")
                .isBetween(85, 91);
        assertThat(capacity.tryAcquire(Lane.BACKFILL, 999)).isEmpty();
        assertThat(capacity.tryAcquire(Lane.LIVE, 999)).isPresent();
    }

    @Test
    void givenLiveDemandAnnouncedBeforeItsFirstCall_backfillStepsBackAtOnce() {
        ApiCapacity capacity = capacity(10, 0);
        capacity.liveDemand(0);
        int backfill = 0;
        while (capacity.tryAcquire(Lane.BACKFILL, 0).isPresent()) {
            backfill++;
        }
        assertThat(backfill).isEqualTo(2);
    }

    @Test
    void given429_slowsTheRate_andSuccessesBringItBack() {
        ApiCapacity capacity = capacity(100, 100);
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow()
                .finish(new ApiOutcome.RateLimited(Optional.empty(), 429, Duration.ZERO));
        assertThat(capacity.currentRate()).isEqualTo(70.0);

        for (int i = 0; i < 40; i++) {
            capacity.tryAcquire(Lane.LIVE, 10_000L * (i + 1)).orElseThrow().finish(OK);
        }
        assertThat(capacity.currentRate()).isEqualTo(100.0);
    }

    @Test
    void given401_pausesAllCalls_letsOneProbeThroughAfterTheInterval_andResumesOnAnAcceptedAnswer() {
        ApiCapacity capacity = capacity(100, 0);
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow().finish(new ApiOutcome.Unauthorized(401, Duration.ZERO));
        assertThat(capacity.isPaused()).isTrue();
        assertThat(capacity.tryAcquire(Lane.LIVE, 1_999)).isEmpty();

        ApiCapacity.Permit probe = capacity.tryAcquire(Lane.LIVE, 2_000).orElseThrow();
        assertThat(capacity.tryAcquire(Lane.LIVE, 2_000)).as("one probe at a time").isEmpty();
        probe.finish(new ApiOutcome.Transient("Bad Gateway", 502, Duration.ZERO));
        assertThat(capacity.isPaused()).as("a 5xx proves nothing about the key").isTrue();

        capacity.tryAcquire(Lane.LIVE, 2_100).orElseThrow().finish(OK);
        assertThat(capacity.isPaused()).isFalse();
        assertThat(capacity.tryAcquire(Lane.LIVE, 2_100)).isPresent();
    }

    @Test
    void givenAReservedPermit_itHoldsNoInFlightSlot_untilItStarts() {
        ApiCapacity capacity = capacity(2, 0);
        ApiCapacity.Permit reserved = capacity.tryReserve(Lane.LIVE, 0).orElseThrow();
        ApiCapacity.Permit first = capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();
        assertThat(capacity.inFlight()).as("the reservation waits for its commit without a slot").isEqualTo(2);

        assertThat(reserved.tryStart(100)).as("no slot free").isFalse();
        first.finish(OK);
        assertThat(reserved.tryStart(100)).isTrue();
        assertThat(capacity.inFlight()).isEqualTo(2);
    }

    @Test
    void givenReservedPermits_theyCountAgainstTheRateAtOnce() {
        ApiCapacity capacity = capacity(1_000, 10);
        List<ApiCapacity.Permit> reserved = new ArrayList<>();
        for (long now = 0; now < 1_000; now += 10) {
            capacity.tryReserve(Lane.LIVE, now).ifPresent(reserved::add);
        }
        assertThat(reserved).as("10 calls/s less the headroom").hasSize(9);
        assertThat(capacity.tryAcquire(Lane.LIVE, 999)).isEmpty();
        reserved.get(0).cancel();
        assertThat(capacity.tryAcquire(Lane.LIVE, 999)).isPresent();
    }

    @Test
    void givenBackfillReservations_liveCanStillReserveAtOnce() {
        ApiCapacity capacity = capacity(10, 0);
        int backfill = 0;
        while (capacity.tryReserve(Lane.BACKFILL, 0).isPresent()) {
            backfill++;
        }
        assertThat(backfill).as("one reservation of ten stays free for live work").isEqualTo(9);
        assertThat(capacity.tryReserve(Lane.LIVE, 0)).isPresent();
    }

    @Test
    void given401_oneReservedProbeStarts_andOtherReservationsWaitForTheKey() {
        ApiCapacity capacity = capacity(100, 0);
        ApiCapacity.Permit waiting = capacity.tryReserve(Lane.LIVE, 0).orElseThrow();
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow().finish(new ApiOutcome.Unauthorized(401, Duration.ZERO));
        assertThat(waiting.tryStart(100)).as("paused").isFalse();
        assertThat(capacity.tryReserve(Lane.LIVE, 100)).as("no probe before its time").isEmpty();

        ApiCapacity.Permit probe = capacity.tryReserve(Lane.LIVE, 2_000).orElseThrow();
        assertThat(probe.tryStart(2_100)).as("the probe starts although calls are paused").isTrue();
        assertThat(capacity.tryReserve(Lane.LIVE, 2_100)).as("one probe at a time").isEmpty();
        probe.finish(OK);
        assertThat(waiting.tryStart(2_200)).isTrue();
    }

    @Test
    void givenAPauseWhoseProbesBackedOff_aChangedKeySendsTheNextProbeAtOnce() {
        ApiOutcome unauthorized = new ApiOutcome.Unauthorized(401, Duration.ZERO);
        ApiCapacity capacity = capacity(100, 0);
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow().finish(unauthorized);
        capacity.tryAcquire(Lane.LIVE, 2_000).orElseThrow().finish(unauthorized);
        assertThat(capacity.tryAcquire(Lane.LIVE, 5_000)).as("the probe interval doubled to 4 s").isEmpty();

        capacity.keyChanged(5_000);

        capacity.tryAcquire(Lane.LIVE, 5_000).orElseThrow().finish(OK);
        assertThat(capacity.isPaused()).isFalse();
    }

    @Test
    void givenNoPause_aChangedKeyChangesNothing() {
        ApiCapacity capacity = capacity(1, 0);
        ApiCapacity.Permit only = capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();

        capacity.keyChanged(0);

        assertThat(capacity.isPaused()).isFalse();
        assertThat(capacity.tryAcquire(Lane.LIVE, 0)).as("the in-flight cap still holds").isEmpty();
        only.finish(OK);
    }
}
