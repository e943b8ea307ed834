package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.state.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The call budget under a share of a cluster-wide quota. */
class ApiCapacityShareTest {

    private static final ApiOutcome OK = new ApiOutcome.NotFound(404, Duration.ZERO);

    private static ApiCapacity capacity(int maxInFlight, double callsPerSecond) {
        return new ApiCapacity(TopologySettings.Limits.defaults().withInFlightAndRate(maxInFlight, callsPerSecond),
                TopologySettings.Retries.defaults());
    }

    /** Calls sent in {@code [from, to)}, taking every permit offered every 5 ms. */
    private static List<Long> callUntil(ApiCapacity capacity, long from, long to) {
        List<Long> sent = new ArrayList<>();
        for (long now = from; now < to; now += 5) {
            Optional<ApiCapacity.Permit> permit;
            while ((permit = capacity.tryAcquire(Lane.LIVE, now)).isPresent()) {
                permit.get().sent(now);
                permit.get().finish(OK);
                sent.add(now);
            }
        }
        return sent;
    }

    @Test
    void givenAThirdOfTheQuota_theRateAndTheInFlightCapAreAThirdOfTheConfiguredOnes() {
        ApiCapacity capacity = capacity(300, 300);
        capacity.share(now -> 1.0 / 3);

        assertThat(capacity.currentRate()).isEqualTo(100.0);
        assertThat(capacity.inFlightCeiling(0)).isEqualTo(100);
        List<Long> sent = callUntil(capacity, 0, 10_000);
        assertThat(sent.stream().filter(t -> t >= 5_000 && t < 6_000)).as("a second's calls, 7% under 100")
                .hasSize(93);
    }

    @Test
    void givenAShareThatDrops_callsAlreadyMadeInTheTrailingSecondHoldNewOnesBackUntilItDrains() {
        ApiCapacity capacity = capacity(1_000, 200);
        capacity.share(now -> now < 5_000 ? 1 : 0.25);

        List<Long> sent = callUntil(capacity, 0, 8_000);

        for (long start = 4_000; start < 7_000; start += 50) {
            long from = start;
            assertThat(sent.stream().filter(t -> t >= from && t < from + 1_000).count())
                    .as("calls in the second from %d ms", from).isLessThanOrEqualTo(186);
        }
        assertThat(sent.stream().filter(t -> t >= 5_000 && t < 5_500)).as("nothing while the window drains").isEmpty();
        assertThat(sent.stream().filter(t -> t >= 7_000 && t < 8_000)).as("7% under a quarter of 200").hasSize(46);
    }

    @Test
    void givenAShareOfZero_atMostTheLimitersFloorOfCallsGoesOut_andOneCallInFlight() {
        ApiCapacity capacity = capacity(100, 100);
        capacity.share(now -> 0);

        assertThat(capacity.inFlightCeiling(0)).isOne();
        assertThat(callUntil(capacity, 0, 10_000)).as("the pacer's first tokens, then nothing").hasSizeLessThan(3);
    }

    @Test
    void givenACapOfOne_backfillCanStillRunWhileLiveIsIdle() {
        ApiCapacity capacity = capacity(3, 0);
        capacity.share(now -> 0.34);

        assertThat(capacity.tryAcquire(Lane.BACKFILL, 10_000)).isPresent();
    }

    @Test
    void usage_countsCallsSentAndPermitsRefused_andCallsInFlight() {
        ApiCapacity capacity = capacity(2, 0);
        ApiCapacity.Permit sent = capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();
        sent.sent(0);
        capacity.tryAcquire(Lane.LIVE, 0).orElseThrow();
        assertThat(capacity.tryAcquire(Lane.LIVE, 0)).isEmpty();

        assertThat(capacity.usage()).isEqualTo(new ApiCapacity.Usage(1, 1, 2));
    }
}
