package dev.inferstream.topology;

/**
 * What one tick did: due-index entries read, answers applied, calls fired (SUBMITTING marks included),
 * tombstones purged, and how long it took on the stream thread.
 */
public record TickReport(long at, long entriesRead, int answersApplied, int calls, int purged, long durationNanos) {}
