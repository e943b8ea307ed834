package dev.inferstream.replay;

/** How a replay run ended; each outcome is reported differently and exits with its own code. */
public sealed interface ReplayResult {

    ReplaySummary summary();

    /** Scanned the whole range and published every match. */
    record Finished(ReplaySummary summary) implements ReplayResult {
    }

    /** Scanned the whole range and published nothing, by request. */
    record DryRun(ReplaySummary summary, MatchCounts counts) implements ReplayResult {
    }

    /** Stopped early (Ctrl-C) after flushing what it had sent; rerunning with the same name continues. */
    record Interrupted(ReplaySummary summary) implements ReplayResult {
    }
}
