package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LatencyBaselineTest {

    private final LatencyBaseline baseline = new LatencyBaseline();

    /** {@code count} answers of {@code millis} each, spread over the second starting at {@code second}. */
    private void second(long second, int count, long millis) {
        for (int i = 0; i < count; i++) {
            baseline.record(second * 1_000 + i * 1_000L / count, millis);
        }
    }

    private double at(long second) {
        return baseline.millis(second * 1_000 + 999).orElseThrow();
    }

    @Test
    void givenNoAnswer_thereIsNoBaseline() {
        assertThat(baseline.millis(0)).isEmpty();
    }

    @Test
    void givenAFewSlowCallsAmongFastOnes_theMedianIgnoresThem() {
        second(0, 90, 50);
        second(0, 10, 30_000);
        assertThat(at(0)).isBetween(50.0, 60.0);
    }

    @Test
    void givenSlowSecondsWithinTheWindow_theFastestSecondKeepsTheBaseline() {
        second(0, 100, 50);
        for (long s = 1; s < 30; s++) {
            second(s, 100, 1_000);
        }
        assertThat(at(29)).isBetween(50.0, 60.0);
    }

    @Test
    void givenASlowdownLongerThanTheWindow_itBecomesTheBaseline() {
        second(0, 100, 50);
        for (long s = 1; s <= LatencyBaseline.WINDOW_SECONDS; s++) {
            second(s, 100, 1_000);
        }
        assertThat(at(LatencyBaseline.WINDOW_SECONDS)).isBetween(1_000.0, 1_190.0);
    }

    @Test
    void givenNoAnswersForLongerThanTheWindow_theLastBaselineStands() {
        second(0, 100, 200);
        double before = at(0);
        assertThat(at(10 * LatencyBaseline.WINDOW_SECONDS)).isEqualTo(before);
    }

    @Test
    void givenAnyLatency_itsBucketsUpperEdgeIsAtLeastIt_andAtMostNineteenPercentMore() {
        for (long millis : new long[] {1, 7, 50, 333, 5_000, 30_000}) {
            double edge = LatencyBaseline.upperEdge(LatencyBaseline.bucketOf(millis));
            assertThat(edge).isGreaterThanOrEqualTo(millis).isLessThanOrEqualTo(millis * 1.19 + 1);
        }
    }
}
