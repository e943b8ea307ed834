package dev.inferstream.topology;

import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * The API's latency when it is healthy: the lowest per-second median over the last {@link #WINDOW_SECONDS}.
 * A median ignores the few slow calls of a second, the minimum over the window the slow seconds of a
 * hiccup; a slowdown that lasts the whole window becomes the new baseline. Each second's samples go
 * into a histogram of quarter-octave buckets, so recording is O(1) and a median is read to within 19 %
 * (from the bucket's upper edge, so latency is overestimated rather than under).
 */
final class LatencyBaseline {

    static final int WINDOW_SECONDS = 60;
    private static final int BUCKETS = 64;
    private static final double STEPS_PER_OCTAVE = 4.0;
    /** Recomputing the baseline scans every second of the window; a tenth of a second is fresh enough. */
    private static final long RECOMPUTE_MILLIS = 100;

    private final int[][] histograms = new int[WINDOW_SECONDS][BUCKETS];
    private final int[] counts = new int[WINDOW_SECONDS];
    private final long[] secondOfSlot = new long[WINDOW_SECONDS];
    private double baselineMillis = Double.NaN;
    private long computedAt = Long.MIN_VALUE / 2;
    private boolean changed;

    LatencyBaseline() {
        Arrays.fill(secondOfSlot, Long.MIN_VALUE);
    }

    /** One answered call that took {@code latencyMillis} and was answered at {@code answeredAt} (epoch millis). */
    void record(long answeredAt, long latencyMillis) {
        long second = Math.floorDiv(answeredAt, 1_000);
        int slot = (int) Math.floorMod(second, WINDOW_SECONDS);
        if (secondOfSlot[slot] != second) {
            if (second < secondOfSlot[slot]) {
                return;
            }
            secondOfSlot[slot] = second;
            counts[slot] = 0;
            Arrays.fill(histograms[slot], 0);
        }
        histograms[slot][bucketOf(latencyMillis)]++;
        counts[slot]++;
        changed = true;
    }

    /**
     * The baseline at {@code now}, or empty before any call was answered. When the window holds no answers
     * (the API was idle), the last baseline stands: an idle API has not become slower.
     */
    OptionalDouble millis(long now) {
        if (changed && now - computedAt >= RECOMPUTE_MILLIS) {
            recompute(now);
        }
        return Double.isNaN(baselineMillis) ? OptionalDouble.empty() : OptionalDouble.of(baselineMillis);
    }

    private void recompute(long now) {
        long current = Math.floorDiv(now, 1_000);
        double lowest = Double.POSITIVE_INFINITY;
        for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
            long age = current - secondOfSlot[slot];
            if (counts[slot] > 0 && age >= 0 && age < WINDOW_SECONDS) {
                lowest = Math.min(lowest, median(slot));
            }
        }
        if (lowest < Double.POSITIVE_INFINITY) {
            baselineMillis = lowest;
        }
        computedAt = now;
        changed = false;
    }

    private double median(int slot) {
        int half = (counts[slot] + 1) / 2;
        int seen = 0;
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            seen += histograms[slot][bucket];
            if (seen >= half) {
                return upperEdge(bucket);
            }
        }
        return upperEdge(BUCKETS - 1);
    }

    static int bucketOf(long latencyMillis) {
        double steps = STEPS_PER_OCTAVE * Math.log(1.0 + Math.max(0, latencyMillis)) / Math.log(2);
        return (int) Math.min(BUCKETS - 1, Math.floor(steps));
    }

    static double upperEdge(int bucket) {
        return Math.pow(2, (bucket + 1) / STEPS_PER_OCTAVE) - 1;
    }
}
