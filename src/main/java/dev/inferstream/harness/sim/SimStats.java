package dev.inferstream.harness.sim;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of what clients did to the simulator since start or the last reset.
 *
 * @param submits         submit requests that got past faults and the key check
 * @param acceptedSubmits submits answered {@code 201}
 * @param statusChecks    status requests that got past faults and the key check, including {@code 404}s
 * @param unauthorized    requests answered {@code 401}
 * @param faults          injected faults by kind; every kind is present
 * @param jobs            accepted jobs by ascending id
 * @param callArrivals    epoch millis at which each counted submit, status check, export POST and export
 *                        status check arrived (before the base latency), oldest first
 *                        (only the newest two million are kept)
 * @param exports         export counts
 */
public record SimStats(long submits, long acceptedSubmits, long statusChecks, long unauthorized,
                       Map<FaultKind, Long> faults, DuplicateStats duplicates, List<JobStats> jobs,
                       List<Long> callArrivals, ExportStats exports) {

    public SimStats {
        faults = Map.copyOf(faults);
        jobs = List.copyOf(jobs);
        callArrivals = List.copyOf(callArrivals);
    }

    public long faults(FaultKind kind) {
        return faults.get(kind);
    }
}
