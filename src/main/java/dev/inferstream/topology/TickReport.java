package dev.inferstream.topology;

/**
 * What one tick did: due-index entries read, answers applied, calls fired (SUBMITTING marks included)
 * and tombstones purged.
 */
public record TickReport(long at, long entriesRead, int answersApplied, int calls, int purged) {}
