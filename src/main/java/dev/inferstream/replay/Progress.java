package dev.inferstream.replay;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a replay has come.
 *
 * @param toScan  records in the planned offset ranges; the scan ends when {@code scanned} reaches it
 * @param elapsed since the scan started
 */
public record Progress(long toScan, long scanned, long matched, long published, Duration elapsed) {

    public double fractionScanned() {
        return toScan == 0 ? 1.0 : Math.min(1.0, (double) scanned / toScan);
    }

    /** Published records per second over the whole run so far. */
    public double publishRate() {
        double seconds = elapsed.toMillis() / 1000.0;
        return seconds <= 0 ? 0.0 : published / seconds;
    }

    /** Time left at the scan speed so far; empty until there is a speed to go by. */
    public Optional<Duration> eta() {
        if (scanned == 0 || elapsed.isZero()) {
            return Optional.empty();
        }
        long remaining = Math.max(0, toScan - scanned);
        return Optional.of(Duration.ofMillis(Math.round(remaining * (double) elapsed.toMillis() / scanned)));
    }
}
