package dev.inferstream.topology;

import java.time.Duration;

/**
 * Tick times on the wall clock's multiples of the tick interval, the same for every task. Kafka Streams
 * starts each task's punctuation schedule when the task starts, so tasks tick at scattered moments and
 * every one that submitted asks for its own exactly-once commit; aligned, the tasks of a thread tick
 * in one pass and share one commit.
 */
final class AlignedTicks {

    /** How often the wall clock is looked at: short, so all tasks notice a boundary in the same pass. */
    static Duration probeInterval(Duration tickInterval) {
        return Duration.ofMillis(Math.max(1, tickInterval.toMillis() / 20));
    }

    private final long intervalMillis;
    private long nextAt;

    AlignedTicks(Duration tickInterval, long now) {
        this.intervalMillis = Math.max(1, tickInterval.toMillis());
        this.nextAt = boundaryAfter(now);
    }

    /** True once per interval, at the first look at or after each boundary. */
    boolean due(long now) {
        if (now < nextAt) {
            return false;
        }
        nextAt = boundaryAfter(now);
        return true;
    }

    private long boundaryAfter(long now) {
        return Math.floorDiv(now, intervalMillis) * intervalMillis + intervalMillis;
    }
}
