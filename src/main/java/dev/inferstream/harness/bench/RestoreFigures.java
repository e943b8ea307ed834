package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * A new instance with the same application id on an empty state directory, after the first one was
 * stopped with SIGTERM and had left the consumer group.
 *
 * @param toLive            from starting its JVM until {@code /health/live} answered 200
 * @param toReady           from starting its JVM until {@code /health/ready} answered 200 (Streams
 *                          RUNNING: its tasks restored their stores from the changelogs)
 * @param sampled           pending requests looked up with {@code /jobs/{id}} once it was ready
 * @param found             of those, the ones it answered with a RUNNING job (RocksDB's estimate of the
 *                          entries, {@code inferstream_jobs_stored}, counts overwrites not yet compacted
 *                          and so cannot tell whether a restore is complete)
 * @param changelogOffsets  offsets in the {@code jobs} and {@code due} changelog topics: the records
 *                          replayed, plus transaction markers and less what compaction removed
 * @param changelogBytes    their size on the broker's disk
 * @param peakRssBytes      the restored instance's highest resident set size ({@code VmHWM}) once ready:
 *                          replaying every change at once is when its stores take the most memory
 */
public record RestoreFigures(Duration toLive, Duration toReady, int sampled, int found, long changelogOffsets,
                             long changelogBytes, OptionalLong peakRssBytes) {}
