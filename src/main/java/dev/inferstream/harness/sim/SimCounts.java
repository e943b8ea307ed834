package dev.inferstream.harness.sim;

/**
 * The simulator's counters without its job list: cheap enough to poll while a million jobs are held,
 * where {@link AnnoLabSimulator#stats()} copies every job.
 *
 * @param submits         submit requests that got past faults and the key check
 * @param acceptedSubmits submits answered {@code 201}
 * @param statusChecks    status requests that got past faults and the key check, including {@code 404}s
 */
public record SimCounts(long submits, long acceptedSubmits, long statusChecks) {}
