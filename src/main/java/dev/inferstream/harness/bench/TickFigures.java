package dev.inferstream.harness.bench;

import java.util.OptionalDouble;

/**
 * The ticks of one measuring window, from two scrapes of the service's {@code /metrics}: how many ran
 * (one per task per tick interval), how long each held its stream thread, and how many due-index
 * entries each read. Means come from the histograms' sums and counts, p99s from their buckets.
 *
 * @param ticks        ticks in the window, over all tasks
 * @param meanMillis   mean tick duration
 * @param p99Millis    upper bound of the histogram bucket holding the 99th percentile of tick durations
 * @param meanEntries  mean due-index entries read per tick
 * @param p99Entries   upper bound of the bucket holding the 99th percentile of entries read per tick
 * @param terminal     terminal events the service wrote in the window: the live trickle did flow
 */
public record TickFigures(long ticks, OptionalDouble meanMillis, OptionalDouble p99Millis, OptionalDouble meanEntries,
                          OptionalDouble p99Entries, long terminal) {

    static final String DURATION = "inferstream_tick_duration_seconds";
    static final String ENTRIES = "inferstream_tick_entries_read";
    static final String TERMINAL = "inferstream_terminal_events_total";
    private static final double P99 = 0.99;

    static TickFigures between(MetricsScrape before, MetricsScrape after) {
        long ticks = Math.round(after.delta(before, DURATION + "_count"));
        OptionalDouble meanSeconds = Ratio.of(after.delta(before, DURATION + "_sum"), ticks);
        return new TickFigures(ticks, millis(meanSeconds), millis(after.quantileSince(before, DURATION, P99)),
                Ratio.of(after.delta(before, ENTRIES + "_sum"), after.delta(before, ENTRIES + "_count")),
                after.quantileSince(before, ENTRIES, P99), Math.round(after.delta(before, TERMINAL)));
    }

    private static OptionalDouble millis(OptionalDouble seconds) {
        return seconds.isPresent() ? OptionalDouble.of(seconds.getAsDouble() * 1_000) : OptionalDouble.empty();
    }
}
