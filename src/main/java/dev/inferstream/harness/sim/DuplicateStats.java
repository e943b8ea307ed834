package dev.inferstream.harness.sim;

/**
 * Accepted submits whose bodies were identical. AnnoLab has no idempotency key, so this is the only
 * trace of a client submitting one request twice.
 *
 * @param repeatedBodies   distinct bodies accepted more than once
 * @param extraSubmissions accepted submits beyond the first of each body
 */
public record DuplicateStats(long repeatedBodies, long extraSubmissions) {
}
