package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.state.Lane;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The in-flight limit against an API whose latency the test sets, driven as the processor drives it:
 * every 100 ms a tick takes every permit it can, and each call is answered its latency later.
 */
class ApiCapacityInFlightTest {

    private static final int CEILING = 4_096;
    private static final double QUOTA = 1_000;

    private final ApiCapacity capacity = capacity(CEILING, QUOTA);
    private final PriorityQueue<Answer> answers = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    private final List<Long> sent = new ArrayList<>();
    private int mostInFlight;

    private record Answer(long at, ApiCapacity.Permit permit, long latency) {}

    private static ApiCapacity capacity(int maxInFlight, double callsPerSecond) {
        return new ApiCapacity(TopologySettings.Limits.defaults().withInFlightAndRate(maxInFlight, callsPerSecond),
                TopologySettings.Retries.defaults());
    }

    /** Runs from {@code from} to {@code to} (ms) with calls taking {@code latencyAt(sentAt)} ms. */
    private void drive(long from, long to, LongUnaryOperator latencyAt) {
        drive(from, to, latencyAt, tick -> 0);
    }

    /** As above, with the tick due at {@code 100 k} ms running {@code lateness(k)} ms late, as a busy thread does. */
    private void drive(long from, long to, LongUnaryOperator latencyAt, LongUnaryOperator lateness) {
        long due = from;
        long tickAt = due + lateness.applyAsLong(due / 100);
        for (long now = from; now < to; now++) {
            while (!answers.isEmpty() && answers.peek().at <= now) {
                Answer answer = answers.poll();
                answer.permit.finish(new ApiOutcome.NotFound(404, Duration.ofMillis(answer.latency)));
            }
            if (now == tickAt) {
                due += 100;
                tickAt = due + lateness.applyAsLong(due / 100);
                Optional<ApiCapacity.Permit> permit;
                while ((permit = capacity.tryAcquire(Lane.LIVE, now)).isPresent()) {
                    permit.get().sent(now);
                    sent.add(now);
                    long latency = latencyAt.applyAsLong(now);
                    answers.add(new Answer(now + latency, permit.get(), latency));
                }
                mostInFlight = Math.max(mostInFlight, capacity.inFlight());
            }
        }
    }

    private long sentBetween(long from, long to) {
        return sent.stream().filter(at -> at >= from && at < to).count();
    }

    @Test
    void givenAHealthyApiAnsweringIn50Millis_theRateReachesTheQuota() {
        drive(0, 10_000, sentAt -> 50);
        assertThat(sentBetween(2_000, 10_000)).isGreaterThanOrEqualTo((long) (0.9 * QUOTA * 8));
    }

    @Test
    void givenTicksRunningUpTo40MillisLate_theRateStillReachesTheQuota() {
        SplittableRandom random = new SplittableRandom(7);
        drive(0, 20_000, sentAt -> 50, tick -> random.nextLong(41));
        assertThat(sentBetween(2_000, 20_000)).isGreaterThanOrEqualTo((long) (0.9 * QUOTA * 18));
    }

    @Test
    void givenAHealthyApiAnsweringIn800Millis_theRateReachesTheQuota() {
        drive(0, 10_000, sentAt -> 800);
        assertThat(sentBetween(2_000, 10_000)).isGreaterThanOrEqualTo((long) (0.9 * QUOTA * 8));
    }

    @Test
    void givenAHealthyApi_theLimitIsTheRateTimesTwiceTheLatencyPlusOneBurst() {
        drive(0, 3_000, sentAt -> 50);
        // The baseline is read from a histogram bucket's upper edge, at most 19 % above the true latency.
        assertThat(capacity.inFlightLimit()).isBetween((int) (QUOTA * (2 * 0.050 + 0.1)),
                (int) Math.ceil(QUOTA * (2 * 0.050 * 1.19 + 0.1)));
        assertThat(capacity.baselineLatencySeconds().orElseThrow()).isBetween(0.050, 0.060);
    }

    @Test
    void givenTheApiSlowsDownSuddenly_callsInFlightStayAtTheLimitOfItsHealthyLatency_andTheRateDrops() {
        drive(0, 5_000, sentAt -> 50);
        int healthyLimit = capacity.inFlightLimit();
        mostInFlight = 0;

        drive(5_000, 20_000, sentAt -> 2_000);

        assertThat(mostInFlight).isLessThanOrEqualTo(healthyLimit);
        assertThat(sentBetween(8_000, 20_000)).as("about limit / 2 s per second")
                .isLessThan((long) (0.2 * QUOTA * 12));
    }

    @Test
    void givenASlowdownThatOutlastsTheBaselineWindow_itBecomesTheNewNormal_andTheRateRecovers() {
        drive(0, 5_000, sentAt -> 50);
        long slowFrom = 5_000;
        long normalAgain = slowFrom + (LatencyBaseline.WINDOW_SECONDS + 5) * 1_000L;

        drive(slowFrom, normalAgain + 10_000, sentAt -> 2_000);

        assertThat(capacity.baselineLatencySeconds().orElseThrow()).isGreaterThan(1.9);
        assertThat(sentBetween(normalAgain, normalAgain + 10_000)).isGreaterThanOrEqualTo((long) (0.9 * QUOTA * 10));
    }

    @Test
    void givenNoRateLimit_theConfiguredMaximumIsTheLimit() {
        ApiCapacity unlimited = capacity(64, 0);
        unlimited.tryAcquire(Lane.LIVE, 0).orElseThrow().finish(new ApiOutcome.NotFound(404, Duration.ofMillis(5)));
        assertThat(unlimited.inFlightLimit()).isEqualTo(64);
    }

    @Test
    void givenNoAnswerYet_aLatencyOfOneSecondIsAssumed_withinTheCeiling() {
        assertThat(capacity.inFlightLimit()).isEqualTo((int) (QUOTA * (2 * 1.0 + 0.1)));
        assertThat(capacity.baselineLatencySeconds()).isEmpty();
    }
}
