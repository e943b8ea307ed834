package dev.inferstream.harness.sim;

/**
 * What clients did with exports since start or the last reset.
 *
 * @param requests         export POSTs that got past faults and the key check
 * @param started          export POSTs answered {@code 201}
 * @param finished         exports that have reached {@code finished} by the snapshot, seen by a client or not
 * @param errored          exports that have reached {@code errored} by the snapshot
 * @param statusChecks     export status requests that got past faults and the key check, including {@code 404}s
 * @param downloads        download URLs answered with the file
 * @param refusedDownloads download URLs answered {@code 403} (forged or expired) or {@code 404}
 */
public record ExportStats(long requests, long started, long finished, long errored, long statusChecks,
                          long downloads, long refusedDownloads) {
}
