package dev.inferstream.config;

import static dev.inferstream.config.EnvNames.*;

import dev.inferstream.topology.TopologySettings;
import dev.inferstream.topology.TopologySettings.Exports;
import dev.inferstream.topology.TopologySettings.Limits;
import dev.inferstream.topology.TopologySettings.Polling;
import dev.inferstream.topology.TopologySettings.Retries;
import dev.inferstream.topology.TopologySettings.Topics;
import java.time.Duration;

/** The {@code INFERSTREAM_*} tuning variables over {@link TopologySettings#defaults()}. */
final class TopologyKnobs {

    private static final long MAX_DEFAULT_TIMEOUT_SECONDS = Duration.ofDays(30).toSeconds();
    private static final long MAX_TIMEOUT_CEILING_SECONDS = Duration.ofDays(365).toSeconds();
    private static final long MAX_RETENTION_HOURS = Duration.ofDays(365).toHours();
    private static final long MAX_EXPORT_TIMEOUT_SECONDS = Duration.ofDays(7).toSeconds();

    private TopologyKnobs() {
    }

    static TopologySettings read(ConfigReader reader) {
        TopologySettings defaults = TopologySettings.defaults();
        Topics topicDefaults = defaults.topics();
        Topics topics = new Topics(
                reader.text(REQUESTED_TOPIC, topicDefaults.requested()),
                reader.text(COMPLETED_TOPIC, topicDefaults.completed()),
                reader.text(FAILED_TOPIC, topicDefaults.failed()),
                reader.text(DLQ_TOPIC, topicDefaults.deadLetters()));

        Polling polling = defaults.polling();
        Polling tunedPolling = new Polling(
                millis(reader, POLL_INITIAL_DELAY_MILLIS, polling.initialDelay(), 1, Duration.ofHours(1).toMillis()),
                polling.minInterval(),
                seconds(reader, POLL_MAX_INTERVAL_SECONDS, polling.maxInterval(), 1, Duration.ofHours(1).toSeconds()),
                polling.firstMissGrowth(),
                polling.jitter());

        Retries retries = defaults.retries();
        Retries tunedRetries = new Retries(retries.baseBackoff(), retries.maxBackoff(),
                reader.intInRange(MAX_TRANSIENT_RETRIES, retries.maxConsecutiveTransients(), 0, 1_000),
                reader.intInRange(MAX_UNUSABLE_ANSWERS, retries.maxUnusableAnswers(), 1, 100),
                retries.authProbeInterval(), retries.maxAuthProbeInterval(),
                seconds(reader, API_UNREACHABLE_SECONDS, retries.unreachableAfter(), 1, Duration.ofHours(1).toSeconds()));

        Limits limits = defaults.limits();
        Limits tunedLimits = new Limits(
                reader.intInRange(MAX_IN_FLIGHT, limits.maxInFlight(), 1, 100_000),
                // 0 turns the token bucket off (ApiCapacity treats a non-positive rate as unlimited).
                reader.doubleInRange(RATE_LIMIT_PER_SECOND, limits.callsPerSecond(), 0, 1_000_000),
                reader.doubleInRange(BACKFILL_SHARE, limits.backfillShare(), 0, 1),
                seconds(reader, CALL_TIMEOUT_SECONDS, limits.callTimeout(), 1, Duration.ofHours(1).toSeconds()),
                seconds(reader, MAX_TIMEOUT_SECONDS, limits.maxTimeout(), 1, MAX_TIMEOUT_CEILING_SECONDS),
                reader.intInRange(MAX_SOURCE_IDS, limits.maxSourceIds(), 1, 10_000_000),
                reader.intInRange(MAX_ATTRIBUTES_BYTES, limits.maxAttributesBytes(), 0, 16 * 1024 * 1024),
                maxEventBytes(reader, limits.maxEventBytes()));

        Duration defaultTimeout = seconds(reader, DEFAULT_TIMEOUT_SECONDS, defaults.defaultTimeout(), 1,
                MAX_DEFAULT_TIMEOUT_SECONDS);
        if (defaultTimeout.compareTo(tunedLimits.maxTimeout()) > 0) {
            reader.problem(DEFAULT_TIMEOUT_SECONDS + " (" + defaultTimeout.toSeconds() + ") must not exceed "
                    + MAX_TIMEOUT_SECONDS + " (" + tunedLimits.maxTimeout().toSeconds() + ")");
        }
        Exports exports = defaults.exports();
        Exports tunedExports = new Exports(reader.bool(EXPORT_RESULTS, exports.byDefault()),
                ExportIncludes.read(reader, EXPORT_INCLUDE, exports.contents()),
                seconds(reader, EXPORT_TIMEOUT_SECONDS, exports.timeout(), 1, MAX_EXPORT_TIMEOUT_SECONDS));

        return defaults.toBuilder().topics(topics)
                .tickInterval(millis(reader, TICK_MILLIS, defaults.tickInterval(), 10, 60_000))
                .defaultTimeout(defaultTimeout)
                .dedupeRetention(Duration.ofHours(reader.longInRange(DEDUPE_RETENTION_HOURS,
                        defaults.dedupeRetention().toHours(), 1, MAX_RETENTION_HOURS)))
                .polling(tunedPolling)
                .retries(tunedRetries)
                .limits(tunedLimits)
                .recoveryPolicy(reader.enumValue(RECOVERY_POLICY, TopologySettings.RecoveryPolicy.class,
                        defaults.recoveryPolicy(), Enum::name))
                .metricLabelLimit(reader.intInRange(METRIC_LABEL_LIMIT, defaults.metricLabelLimit(), 1, 1_000))
                .exports(tunedExports)
                .build();
    }

    /**
     * The producer's {@code max.request.size}, as the {@code KAFKA_*} passthrough sets it for Kafka Streams
     * (the producer-prefixed name wins, as in Kafka Streams itself).
     */
    private static int maxEventBytes(ConfigReader reader, int defaultValue) {
        int general = reader.intInRange(KAFKA_PREFIX + "MAX_REQUEST_SIZE", defaultValue, 1024, Integer.MAX_VALUE);
        return reader.intInRange(KAFKA_PREFIX + "PRODUCER_MAX_REQUEST_SIZE", general, 1024, Integer.MAX_VALUE);
    }

    private static Duration millis(ConfigReader reader, String name, Duration defaultValue, long min, long max) {
        return Duration.ofMillis(reader.longInRange(name, defaultValue.toMillis(), min, max));
    }

    private static Duration seconds(ConfigReader reader, String name, Duration defaultValue, long min, long max) {
        return Duration.ofSeconds(reader.longInRange(name, defaultValue.toSeconds(), min, max));
    }
}
