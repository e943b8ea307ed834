package dev.inferstream.replay;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a replay has come.
 *
 * @param offsets     offsets in the planned ranges; the scan ends when {@code offsetsDone} reaches it
 * @param offsetsDone offsets passed so far: records and the transaction markers that sit between them on
 *                    topics written with exactly-once, which is why progress counts offsets, not records
 * @param scanned     records read
 * @param elapsed     since the scan started
 */
public record Progress(long offsets, long offsetsDone, long scanned, long matched, long published, Duration elapsed) {

    public double fractionScanned() {
        return offsets == 0 ? 1.0 : Math.min(1.0, (double) offsetsDone / offsets);
    }

    /** Published records per second over the whole run so far. */
    public double publishRate() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0.0 : published / seconds;
    }

    /** Time left at the scan speed so far; empty until there is a speed to go by. */
    public Optional<Duration> eta() {
        if (offsetsDone == 0 || elapsed.isZero()) {
            return Optional.empty();
        }
        long remaining = Math.max(0, offsets - offsetsDone);
        return Optional.of(Duration.ofMillis(Math.round(remaining * (double) elapsed.toMillis() / offsetsDone)));
    }
}
