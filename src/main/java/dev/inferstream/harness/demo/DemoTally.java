package dev.inferstream.harness.demo;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the demo has read from the output topics (read_committed, so only what the processor committed)
 * plus the processor's own counts from its meter registry.
 */
record DemoTally(long completed, Map<String, Long> failedByReason, long deadLetters,
                 long accepted, long terminalCounted, long duplicatesIgnored, long apiCalls, Exports exports) {

    /** Completed requests that asked for their results: how many got a download URL, the first one seen. */
    record Exports(long delivered, long failed, Optional<String> firstDownloadUrl) {
        static final Exports NONE = new Exports(0, 0, Optional.empty());
    }

    DemoTally {
        // Sorted so the summary lists reasons in a stable order.
        failedByReason = Collections.unmodifiableMap(new TreeMap<>(failedByReason));
    }

    long failed() {
        return failedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    long terminal() {
        return completed + failed();
    }

    /** Accepted but not yet ended, as the processor counts it. */
    long inFlight() {
        return Math.max(0, accepted - terminalCounted);
    }

    long failed(String reason) {
        return failedByReason.getOrDefault(reason, 0L);
    }
}
