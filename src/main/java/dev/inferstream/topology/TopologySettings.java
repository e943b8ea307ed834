package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClientConfig;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every knob of the processor, fixed at start. {@link #defaults()} holds the documented defaults;
 * {@link #toBuilder()} changes a few of them, for configuration loading and tests.
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
        RecoveryPolicy recoveryPolicy,
        int metricLabelLimit,
        Exports exports) {

    /** Distinct model and project identifiers that get a metric label of their own; the rest are "other". */
    public static final int DEFAULT_METRIC_LABEL_LIMIT = 20;

    public record Topics(String requested, String completed, String failed, String deadLetters) {
        public static Topics defaults() {
            return new Topics("inference-requested", "inference-completed", "inference-failed",
                    "inference-requested-dlq");
        }

        /**
         * The contract's four topics with the partitions each should have: the three event topics alike,
         * the dead letters apart. The one list of them, for {@code run}, the harness and the tests.
         */
        public Map<String, Integer> partitioned(int eventPartitions, int deadLetterPartitions) {
            Map<String, Integer> layout = new LinkedHashMap<>();
            layout.put(requested, eventPartitions);
            layout.put(completed, eventPartitions);
            layout.put(failed, eventPartitions);
            layout.put(deadLetters, deadLetterPartitions);
            return Collections.unmodifiableMap(layout);
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
            return new Polling(Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(60), 0.05, 0.1);
        }
    }

    /**
     * Backoff for transient API failures, and how many in a row a request may meet before it fails; how
     * many 2xx answers without a usable job a submission may get before it fails as {@code UNKNOWN}
     * (each may be a job AnnoLab created); the probe interval while a 401 pauses calls; and how long
     * the API may fail to answer at all (connection errors, timeouts, 5xx) before it is reported
     * unreachable.
     */
    public record Retries(Duration baseBackoff, Duration maxBackoff, int maxConsecutiveTransients,
                          int maxUnusableAnswers, Duration authProbeInterval, Duration maxAuthProbeInterval,
                          Duration unreachableAfter) {
        public static Retries defaults() {
            return new Retries(Duration.ofSeconds(1), Duration.ofSeconds(60), 10, 2,
                    Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofSeconds(30));
        }
    }

    /**
     * Per-instance API limits shared by all tasks. {@code callsPerSecond} is AnnoLab's quota ({@code 0} =
     * none); {@code maxInFlight} is the ceiling of the in-flight limit {@link ApiCapacity} sizes from that
     * rate and the API's latency (and the limit itself when there is no rate limit). BACKFILL work may
     * hold at most {@code backfillShare} of the in-flight limit while LIVE work is waiting, and all of it
     * when LIVE is idle. The next three bound what a request may ask for: a longer {@code timeoutSeconds},
     * more source ids or more attribute bytes make it {@code INVALID_REQUEST}. {@code maxEventBytes} is the
     * largest record the producer may write ({@code max.request.size}): a request whose result event could
     * be larger is dead-lettered instead of failing the transaction.
     */
    public record Limits(int maxInFlight, double callsPerSecond, double backfillShare, Duration callTimeout,
                         Duration maxTimeout, int maxSourceIds, int maxAttributesBytes, int maxEventBytes) {
        /** Kafka's default {@code max.request.size}. */
        public static final int DEFAULT_MAX_EVENT_BYTES = 1024 * 1024;

        public static Limits defaults() {
            return new Limits(AnnoLabClientConfig.DEFAULT_MAX_IN_FLIGHT, 100.0, 0.2, Duration.ofSeconds(30),
                    Duration.ofDays(7), 10_000, 64 * 1024, DEFAULT_MAX_EVENT_BYTES);
        }

        public Limits withInFlightAndRate(int maxInFlight, double callsPerSecond) {
            return new Limits(maxInFlight, callsPerSecond, backfillShare, callTimeout, maxTimeout, maxSourceIds,
                    maxAttributesBytes, maxEventBytes);
        }

        public Limits withCallTimeout(Duration callTimeout) {
            return new Limits(maxInFlight, callsPerSecond, backfillShare, callTimeout, maxTimeout, maxSourceIds,
                    maxAttributesBytes, maxEventBytes);
        }

        public Limits withMaxEventBytes(int maxEventBytes) {
            return new Limits(maxInFlight, callsPerSecond, backfillShare, callTimeout, maxTimeout, maxSourceIds,
                    maxAttributesBytes, maxEventBytes);
        }
    }

    /** Caps per tick so a tick never starves commits and {@code process()}. */
    public record TickBudget(int maxCalls, int maxScan, int maxPurges) {
        public static TickBudget defaults() {
            return new TickBudget(500, 2_000, 1_000);
        }
    }

    /**
     * Exports of finished jobs' output layers: whether a request that does not say is exported, what an
     * export includes when the request does not say, and how long an export may take before the request is
     * completed without one. AnnoLab's own SDK gives an export 3,600 s.
     */
    public record Exports(boolean byDefault, Contents contents, Duration timeout) {
        public static Exports defaults() {
            return new Exports(false, new Contents(false, false, true), Duration.ofHours(1));
        }
    }

    /** What an export includes besides the annotations (AnnoLab's {@code include…} options). */
    public record Contents(boolean schemas, boolean sources, boolean textBounds) {}

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
                TickBudget.defaults(), RecoveryPolicy.RESUBMIT, DEFAULT_METRIC_LABEL_LIMIT,
                Exports.defaults());
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy of some settings with a few knobs changed, for configuration loading and tests. */
    public static final class Builder {
        private Topics topics;
        private Duration tickInterval;
        private Duration defaultTimeout;
        private Duration dedupeRetention;
        private Polling polling;
        private Retries retries;
        private Limits limits;
        private TickBudget tickBudget;
        private RecoveryPolicy recoveryPolicy;
        private int metricLabelLimit;
        private Exports exports;

        private Builder(TopologySettings from) {
            this.topics = from.topics;
            this.tickInterval = from.tickInterval;
            this.defaultTimeout = from.defaultTimeout;
            this.dedupeRetention = from.dedupeRetention;
            this.polling = from.polling;
            this.retries = from.retries;
            this.limits = from.limits;
            this.tickBudget = from.tickBudget;
            this.recoveryPolicy = from.recoveryPolicy;
            this.metricLabelLimit = from.metricLabelLimit;
            this.exports = from.exports;
        }

        public Builder topics(Topics value) {
            this.topics = value;
            return this;
        }

        public Builder tickInterval(Duration value) {
            this.tickInterval = value;
            return this;
        }

        public Builder defaultTimeout(Duration value) {
            this.defaultTimeout = value;
            return this;
        }

        public Builder dedupeRetention(Duration value) {
            this.dedupeRetention = value;
            return this;
        }

        public Builder polling(Polling value) {
            this.polling = value;
            return this;
        }

        public Builder retries(Retries value) {
            this.retries = value;
            return this;
        }

        public Builder limits(Limits value) {
            this.limits = value;
            return this;
        }

        public Builder tickBudget(TickBudget value) {
            this.tickBudget = value;
            return this;
        }

        public Builder recoveryPolicy(RecoveryPolicy value) {
            this.recoveryPolicy = value;
            return this;
        }

        public Builder metricLabelLimit(int value) {
            this.metricLabelLimit = value;
            return this;
        }

        public Builder exports(Exports value) {
            this.exports = value;
            return this;
        }

        public TopologySettings build() {
            return new TopologySettings(topics, tickInterval, defaultTimeout, dedupeRetention, polling, retries, limits,
                    tickBudget, recoveryPolicy, metricLabelLimit, exports);
        }
    }
}
