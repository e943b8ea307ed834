package dev.inferstream.harness.sim;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counters every event loop bumps without contention; turned into a {@link SimStats} on demand. */
final class StatsRecorder {

    private final LongAdder submits = new LongAdder();
    private final LongAdder acceptedSubmits = new LongAdder();
    private final LongAdder statusChecks = new LongAdder();
    private final LongAdder unauthorized = new LongAdder();
    private final LongAdder exportRequests = new LongAdder();
    private final LongAdder exportsStarted = new LongAdder();
    private final LongAdder exportStatusChecks = new LongAdder();
    private final LongAdder downloads = new LongAdder();
    private final LongAdder refusedDownloads = new LongAdder();
    private final Map<FaultKind, LongAdder> faults = new EnumMap<>(FaultKind.class);
    private final ConcurrentHashMap<String, LongAdder> bodies = new ConcurrentHashMap<>();
    private final ArrivalLog arrivals = new ArrivalLog(ArrivalLog.DEFAULT_CAPACITY);

    StatsRecorder() {
        for (FaultKind kind : FaultKind.values()) {
            faults.put(kind, new LongAdder());
        }
    }

    void submit(Instant at) {
        submits.increment();
        arrivals.record(at.toEpochMilli());
    }

    void accepted(SubmitBody body) {
        acceptedSubmits.increment();
        bodies.computeIfAbsent(body.fingerprint(), fingerprint -> new LongAdder()).increment();
    }

    void statusCheck(Instant at) {
        statusChecks.increment();
        arrivals.record(at.toEpochMilli());
    }

    /** Export calls count towards the arrivals too: a client's rate limit covers every API call. */
    void exportRequest(Instant at) {
        exportRequests.increment();
        arrivals.record(at.toEpochMilli());
    }

    void exportStarted() {
        exportsStarted.increment();
    }

    void exportStatusCheck(Instant at) {
        exportStatusChecks.increment();
        arrivals.record(at.toEpochMilli());
    }

    void downloaded() {
        downloads.increment();
    }

    void downloadRefused() {
        refusedDownloads.increment();
    }

    void unauthorized() {
        unauthorized.increment();
    }

    void fault(FaultKind kind) {
        faults.get(kind).increment();
    }

    SimCounts counts() {
        return new SimCounts(submits.sum(), acceptedSubmits.sum(), statusChecks.sum());
    }

    SimStats snapshot(JobBook jobs, ExportBook exports) {
        Map<FaultKind, Long> faultCounts = new EnumMap<>(FaultKind.class);
        faults.forEach((kind, count) -> faultCounts.put(kind, count.sum()));
        long repeated = 0;
        long extra = 0;
        for (LongAdder count : bodies.values()) {
            long n = count.sum();
            if (n > 1) {
                repeated++;
                extra += n - 1;
            }
        }
        ExportBook.Ended ended = exports.ended();
        ExportStats exportStats = new ExportStats(exportRequests.sum(), exportsStarted.sum(), ended.finished(),
                ended.errored(), exportStatusChecks.sum(), downloads.sum(), refusedDownloads.sum());
        return new SimStats(submits.sum(), acceptedSubmits.sum(), statusChecks.sum(), unauthorized.sum(),
                faultCounts, new DuplicateStats(repeated, extra), jobs.stats(), arrivals.snapshot(), exportStats);
    }

    /** Meant for between runs: requests in flight during a reset may land on either side of it. */
    void reset() {
        submits.reset();
        acceptedSubmits.reset();
        statusChecks.reset();
        unauthorized.reset();
        exportRequests.reset();
        exportsStarted.reset();
        exportStatusChecks.reset();
        downloads.reset();
        refusedDownloads.reset();
        faults.values().forEach(LongAdder::reset);
        bodies.clear();
        arrivals.clear();
    }
}
