package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClientConfig;
import java.time.Duration;

/**
 * Every knob of the processor, fixed at start. {@link #defaults()} holds the documented defaults;
 * the {@code with...} methods exist for configuration loading and tests.
 */
public record TopologySettings(
        Topics topics,
        Duration tickInterval,
        Duration defaultTimeout,
        Duration dedupeRetention,
        Polling polling,
        Retries retries,
        Limits limits,
        TickBudget tickBudget,
        RecoveryPolicy recoveryPolicy) {

    public record Topics(String requested, String completed, String failed, String deadLetters) {
        public static Topics defaults() {
            return new Topics("inference-requested", "inference-completed", "inference-failed",
                    "inference-requested-dlq");
        }
    }

    /**
     * When to check a job: first near the learned duration of its model (or {@code initialDelay} before
     * anything is learned), then after a share of the elapsed time that doubles with each miss, between
     * {@code minInterval} and {@code maxInterval}, with {@code jitter} spread.
     */
    public record Polling(Duration initialDelay, Duration minInterval, Duration maxInterval,
                          double firstMissGrowth, double jitter) {
        public static Polling defaults() {
            return new Polling(Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(60), 0.1, 0.1);
        }
    }

    /** Backoff for transient API failures, and how many in a row a request may meet before it fails. */
    public record Retries(Duration baseBackoff, Duration maxBackoff, int maxConsecutiveTransients,
                          Duration authProbeInterval, Duration maxAuthProbeInterval) {
        public static Retries defaults() {
            return new Retries(Duration.ofSeconds(1), Duration.ofSeconds(60), 10,
                    Duration.ofSeconds(2), Duration.ofSeconds(30));
        }
    }

    /**
     * Per-instance API limits shared by all tasks. {@code callsPerSecond} is AnnoLab's quota ({@code 0} =
     * none); {@code maxInFlight} is the ceiling of the in-flight limit {@link ApiCapacity} sizes from that
     * rate and the API's latency (and the limit itself when there is no rate limit). BACKFILL work may
     * hold at most {@code backfillShare} of the in-flight limit while LIVE work is waiting, and all of it
     * when LIVE is idle.
     */
    public record Limits(int maxInFlight, double callsPerSecond, double backfillShare, Duration callTimeout,
                         int maxSourceIds, int maxAttributesBytes) {
        public static Limits defaults() {
            return new Limits(AnnoLabClientConfig.DEFAULT_MAX_IN_FLIGHT, 100.0, 0.2, Duration.ofSeconds(30), 10_000,
                    64 * 1024);
        }
    }

    /** Caps per tick so a tick never starves commits and {@code process()}. */
    public record TickBudget(int maxCalls, int maxScan, int maxPurges) {
        public static TickBudget defaults() {
            return new TickBudget(500, 2_000, 1_000);
        }
    }

    /** What a new owner does with a job whose POST may have been sent before a crash. */
    public enum RecoveryPolicy {
        /** Submit again: at-least-once, counted as a suspected double submission. */
        RESUBMIT,
        /** Fail the request with reason UNKNOWN rather than risk a second job. */
        FAIL
    }

    public static TopologySettings defaults() {
        return new TopologySettings(Topics.defaults(), Duration.ofMillis(100), Duration.ofSeconds(1800),
                Duration.ofDays(7), Polling.defaults(), Retries.defaults(), Limits.defaults(),
                TickBudget.defaults(), RecoveryPolicy.RESUBMIT);
    }

    public TopologySettings withTopics(Topics value) {
        return new TopologySettings(value, tickInterval, defaultTimeout, dedupeRetention, polling, retries, limits,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withTickInterval(Duration value) {
        return new TopologySettings(topics, value, defaultTimeout, dedupeRetention, polling, retries, limits,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withDefaultTimeout(Duration value) {
        return new TopologySettings(topics, tickInterval, value, dedupeRetention, polling, retries, limits,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withDedupeRetention(Duration value) {
        return new TopologySettings(topics, tickInterval, defaultTimeout, value, polling, retries, limits,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withPolling(Polling value) {
        return new TopologySettings(topics, tickInterval, defaultTimeout, dedupeRetention, value, retries, limits,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withRetries(Retries value) {
        return new TopologySettings(topics, tickInterval, defaultTimeout, dedupeRetention, polling, value, limits,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withLimits(Limits value) {
        return new TopologySettings(topics, tickInterval, defaultTimeout, dedupeRetention, polling, retries, value,
                tickBudget, recoveryPolicy);
    }

    public TopologySettings withTickBudget(TickBudget value) {
        return new TopologySettings(topics, tickInterval, defaultTimeout, dedupeRetention, polling, retries, limits,
                value, recoveryPolicy);
    }

    public TopologySettings withRecoveryPolicy(RecoveryPolicy value) {
        return new TopologySettings(topics, tickInterval, defaultTimeout, dedupeRetention, polling, retries, limits,
                tickBudget, value);
    }
}
