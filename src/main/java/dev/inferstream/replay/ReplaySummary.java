package dev.inferstream.replay;

import java.time.Duration;
import java.util.Locale;

/**
 * The totals of one run.
 *
 * @param skippedOwn records this same replay published earlier (when scanning its own output topic):
 *                   skipped rather than replayed again as {@code name:name:id}
 * @param empty      records holding no request (tombstones, failures of undecodable requests)
 * @param undecodable records that can never be decoded, skipped (see {@link UndecodableRecords#lines()})
 */
public record ReplaySummary(String name, long scanned, long matched, long published, long skippedOwn,
                            long empty, UndecodableRecords undecodable, Duration elapsed) {

    public String line() {
        return String.format(Locale.ROOT, "replay '%s': scanned %d, matched %d, published %d, "
                        + "skipped %d of its own earlier output, %d without a request, %d undecodable, in %.1f s",
                name, scanned, matched, published, skippedOwn, empty, undecodable.total(), elapsed.toMillis() / 1000.0);
    }
}
