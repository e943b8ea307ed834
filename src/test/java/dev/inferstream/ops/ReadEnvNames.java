package dev.inferstream.ops;

import java.util.List;

/**
 * The configuration variables Inferstream reads (DESIGN.md, "Configuration"). A copy for the
 * deployment-file tests: {@code dev.inferstream.config.EnvNames.ALL}, built in parallel, holds the same
 * list; point {@link #ALL} at it once both are on one branch.
 */
final class ReadEnvNames {

    static final String KAFKA_PREFIX = "KAFKA_";

    static final List<String> ALL = List.of(
            "KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
            "ANNOLAB_API_URL", "ANNOLAB_API_KEY", "ANNOLAB_API_KEY_FILE", "ANNOLAB_TRUSTSTORE_PATH",
            "ANNOLAB_TRUSTSTORE_PASSWORD", "INFERSTREAM_APPLICATION_ID", "INFERSTREAM_STATE_DIR",
            "INFERSTREAM_HTTP_PORT", "INFERSTREAM_ADVERTISED_HOST", "INFERSTREAM_REQUESTED_TOPIC",
            "INFERSTREAM_COMPLETED_TOPIC", "INFERSTREAM_FAILED_TOPIC", "INFERSTREAM_DLQ_TOPIC",
            "INFERSTREAM_CREATE_TOPICS", "INFERSTREAM_TOPIC_PARTITIONS", "INFERSTREAM_LOG_FORMAT",
            "INFERSTREAM_TICK_MILLIS", "INFERSTREAM_DEFAULT_TIMEOUT_SECONDS", "INFERSTREAM_DEDUPE_RETENTION_HOURS",
            "INFERSTREAM_POLL_INITIAL_DELAY_MILLIS", "INFERSTREAM_POLL_MAX_INTERVAL_SECONDS",
            "INFERSTREAM_MAX_IN_FLIGHT", "INFERSTREAM_RATE_LIMIT_PER_SECOND", "INFERSTREAM_BACKFILL_SHARE",
            "INFERSTREAM_CALL_TIMEOUT_SECONDS", "INFERSTREAM_MAX_TRANSIENT_RETRIES", "INFERSTREAM_MAX_SOURCE_IDS",
            "INFERSTREAM_MAX_ATTRIBUTES_BYTES", "INFERSTREAM_RECOVERY_POLICY");

    private ReadEnvNames() {}

    /** A name Inferstream reads itself, or one it passes through to Kafka. */
    static boolean isRead(String name) {
        return ALL.contains(name) || name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length();
    }
}
