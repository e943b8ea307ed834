package dev.inferstream.harness.bench;

import java.util.List;

/** The busiest one-second window over a set of arrival times. */
public final class WindowPeak {

    private static final long WINDOW_MILLIS = 1_000;

    private WindowPeak() {}

    /**
     * The most arrivals in any window {@code [t, t + 1 s)}, over every start {@code t}, not only over
     * whole seconds: a limiter that bunches calls across a second boundary must not hide behind it.
     * It is enough to try windows starting at an arrival, since sliding a window right until its start
     * meets an arrival never loses one.
     *
     * @param sortedMillis arrival times in epoch millis, ascending
     */
    public static int perSecond(List<Long> sortedMillis) {
        int peak = 0;
        int end = 0;
        for (int start = 0; start < sortedMillis.size(); start++) {
            long windowEnd = sortedMillis.get(start) + WINDOW_MILLIS;
            while (end < sortedMillis.size() && sortedMillis.get(end) < windowEnd) {
                end++;
            }
            peak = Math.max(peak, end - start);
        }
        return peak;
    }
}
