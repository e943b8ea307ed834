package dev.inferstream.config;

import java.util.List;

/**
 * The configuration variable names, part of the deployment contract (docs/architecture.md, README "Configuration"): environment variables,
 * or keys of the {@code --config} properties file. Besides these, any {@code KAFKA_<NAME>} passes through.
 */
public final class EnvNames {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String SCHEMA_REGISTRY_URL = "SCHEMA_REGISTRY_URL";
    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO";
    public static final String ANNOLAB_API_URL = "ANNOLAB_API_URL";
    public static final String ANNOLAB_API_KEY = "ANNOLAB_API_KEY";
    public static final String ANNOLAB_API_KEY_FILE = "ANNOLAB_API_KEY_FILE";
    public static final String ANNOLAB_TRUSTSTORE_PATH = "ANNOLAB_TRUSTSTORE_PATH";
    public static final String ANNOLAB_TRUSTSTORE_PASSWORD = "ANNOLAB_TRUSTSTORE_PASSWORD";
    public static final String APPLICATION_ID = "INFERSTREAM_APPLICATION_ID";
    public static final String STATE_DIR = "INFERSTREAM_STATE_DIR";
    public static final String HTTP_PORT = "INFERSTREAM_HTTP_PORT";
    public static final String HTTP_HOST = "INFERSTREAM_HTTP_HOST";
    public static final String OPS_TOKEN = "INFERSTREAM_OPS_TOKEN";
    public static final String ADVERTISED_HOST = "INFERSTREAM_ADVERTISED_HOST";
    public static final String REQUESTED_TOPIC = "INFERSTREAM_REQUESTED_TOPIC";
    public static final String COMPLETED_TOPIC = "INFERSTREAM_COMPLETED_TOPIC";
    public static final String FAILED_TOPIC = "INFERSTREAM_FAILED_TOPIC";
    public static final String DLQ_TOPIC = "INFERSTREAM_DLQ_TOPIC";
    public static final String CREATE_TOPICS = "INFERSTREAM_CREATE_TOPICS";
    public static final String TOPIC_PARTITIONS = "INFERSTREAM_TOPIC_PARTITIONS";
    public static final String LOG_FORMAT = "INFERSTREAM_LOG_FORMAT";
    public static final String TICK_MILLIS = "INFERSTREAM_TICK_MILLIS";
    public static final String DEFAULT_TIMEOUT_SECONDS = "INFERSTREAM_DEFAULT_TIMEOUT_SECONDS";
    public static final String DEDUPE_RETENTION_HOURS = "INFERSTREAM_DEDUPE_RETENTION_HOURS";
    public static final String POLL_INITIAL_DELAY_MILLIS = "INFERSTREAM_POLL_INITIAL_DELAY_MILLIS";
    public static final String POLL_MAX_INTERVAL_SECONDS = "INFERSTREAM_POLL_MAX_INTERVAL_SECONDS";
    public static final String MAX_IN_FLIGHT = "INFERSTREAM_MAX_IN_FLIGHT";
    public static final String RATE_LIMIT_PER_SECOND = "INFERSTREAM_RATE_LIMIT_PER_SECOND";
    public static final String LIMIT_SCOPE = "INFERSTREAM_LIMIT_SCOPE";
    public static final String BACKFILL_SHARE = "INFERSTREAM_BACKFILL_SHARE";
    public static final String CALL_TIMEOUT_SECONDS = "INFERSTREAM_CALL_TIMEOUT_SECONDS";
    public static final String MAX_TRANSIENT_RETRIES = "INFERSTREAM_MAX_TRANSIENT_RETRIES";
    public static final String MAX_UNUSABLE_ANSWERS = "INFERSTREAM_MAX_UNUSABLE_ANSWERS";
    public static final String API_UNREACHABLE_SECONDS = "INFERSTREAM_API_UNREACHABLE_SECONDS";
    public static final String MAX_TIMEOUT_SECONDS = "INFERSTREAM_MAX_TIMEOUT_SECONDS";
    public static final String MAX_SOURCE_IDS = "INFERSTREAM_MAX_SOURCE_IDS";
    public static final String MAX_ATTRIBUTES_BYTES = "INFERSTREAM_MAX_ATTRIBUTES_BYTES";
    public static final String RECOVERY_POLICY = "INFERSTREAM_RECOVERY_POLICY";
    public static final String METRIC_LABEL_LIMIT = "INFERSTREAM_METRIC_LABEL_LIMIT";
    public static final String STARTUP_TIMEOUT_SECONDS = "INFERSTREAM_STARTUP_TIMEOUT_SECONDS";
    public static final String MAX_THREAD_REPLACEMENTS = "INFERSTREAM_MAX_THREAD_REPLACEMENTS";
    public static final String EXPORT_RESULTS = "INFERSTREAM_EXPORT_RESULTS";
    public static final String EXPORT_INCLUDE = "INFERSTREAM_EXPORT_INCLUDE";
    public static final String EXPORT_TIMEOUT_SECONDS = "INFERSTREAM_EXPORT_TIMEOUT_SECONDS";

    /** Prefix of the variables passed through to Kafka Streams and its clients. */
    public static final String KAFKA_PREFIX = "KAFKA_";

    /** Every name Inferstream reads itself, in documentation order. */
    public static final List<String> ALL = List.of(
            KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO,
            ANNOLAB_API_URL, ANNOLAB_API_KEY, ANNOLAB_API_KEY_FILE, ANNOLAB_TRUSTSTORE_PATH,
            ANNOLAB_TRUSTSTORE_PASSWORD, APPLICATION_ID, STATE_DIR, HTTP_PORT, HTTP_HOST, OPS_TOKEN, ADVERTISED_HOST,
            REQUESTED_TOPIC, COMPLETED_TOPIC, FAILED_TOPIC, DLQ_TOPIC, CREATE_TOPICS, TOPIC_PARTITIONS,
            LOG_FORMAT, TICK_MILLIS, DEFAULT_TIMEOUT_SECONDS, DEDUPE_RETENTION_HOURS, POLL_INITIAL_DELAY_MILLIS,
            POLL_MAX_INTERVAL_SECONDS, MAX_IN_FLIGHT, RATE_LIMIT_PER_SECOND, LIMIT_SCOPE, BACKFILL_SHARE,
            CALL_TIMEOUT_SECONDS, MAX_TRANSIENT_RETRIES, MAX_UNUSABLE_ANSWERS, API_UNREACHABLE_SECONDS,
            MAX_TIMEOUT_SECONDS, MAX_SOURCE_IDS, MAX_ATTRIBUTES_BYTES, RECOVERY_POLICY, STARTUP_TIMEOUT_SECONDS,
            MAX_THREAD_REPLACEMENTS, METRIC_LABEL_LIMIT, EXPORT_RESULTS, EXPORT_INCLUDE,
            EXPORT_TIMEOUT_SECONDS);

    private EnvNames() {
    }
}
