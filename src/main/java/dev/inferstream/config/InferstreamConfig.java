package dev.inferstream.config;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.AnnoLabClientConfig.Truststore;
import dev.inferstream.api.ApiKey;
import dev.inferstream.quota.QuotaScope;
import dev.inferstream.serde.AvroSerdeConfig;
import dev.inferstream.topology.TopologySettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The whole configuration of one instance, read once at start from environment variables (names in
 * {@link #VARIABLES}) and an optional properties file with the same keys. {@link #load} reports every
 * problem at once; the result is valid and immutable. Secrets never appear in {@link #toString()}.
 *
 * @param bootstrapServers   Kafka bootstrap servers
 * @param schemaRegistryUrl  {@code http(s)://…} (comma-separated) or {@code mock://scope}
 * @param registryUserInfo   {@code user:password} for the registry's basic auth
 * @param annolabUrl         AnnoLab API base URL
 * @param apiKey             AnnoLab API key
 * @param truststore         certificates to trust for AnnoLab instead of the JVM's
 * @param applicationId      Kafka Streams application id (consumer group, internal topic prefix)
 * @param stateDir           Kafka Streams state directory
 * @param httpPort           ops HTTP port
 * @param httpHost           address the ops server binds
 * @param opsToken           bearer token {@code /jobs} requires, when set
 * @param advertisedHost     host other instances use to reach this one's ops port
 * @param createTopics       create missing topics at start
 * @param topicPartitions    partitions of topics created at start
 * @param logFormat          text or JSON log lines (applied by logback.xml from the same variable)
 * @param topology           processor knobs
 * @param limitScope         whether the rate limit and in-flight cap bound the whole application id or each instance
 * @param startupTimeout     how long start-up waits for the brokers before {@code run} gives up
 * @param maxThreadReplacements stream-thread failures replaced within 10 minutes before the instance stops
 * @param kafkaProperties    {@code KAFKA_*} variables as Kafka property names, bootstrap.servers included
 */
public record InferstreamConfig(String bootstrapServers, String schemaRegistryUrl, Optional<String> registryUserInfo,
                                URI annolabUrl, ApiKey apiKey, Optional<Truststore> truststore,
                                String applicationId, Path stateDir, int httpPort, String httpHost,
                                Optional<String> opsToken, String advertisedHost,
                                boolean createTopics, int topicPartitions, LogFormat logFormat,
                                TopologySettings topology, QuotaScope limitScope, Duration startupTimeout,
                                int maxThreadReplacements,
                                Map<String, String> kafkaProperties) {

    /** Every variable Inferstream reads besides the {@code KAFKA_*} passthrough. */
    public static final List<String> VARIABLES = EnvNames.ALL;

    public static final String DEFAULT_ANNOLAB_URL = "https://api.annolab.ai";
    public static final String DEFAULT_APPLICATION_ID = "inferstream";
    public static final String DEFAULT_STATE_DIR = "./state";
    public static final int DEFAULT_HTTP_PORT = 8080;
    public static final String DEFAULT_HTTP_HOST = "0.0.0.0";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_THREAD_REPLACEMENTS = 3;
    public static final int DEFAULT_TOPIC_PARTITIONS = 6;
    /** How long a shutdown waits for Kafka Streams to commit and leave the group. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    public InferstreamConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(registryUserInfo, "registryUserInfo");
        Objects.requireNonNull(annolabUrl, "annolabUrl");
        Objects.requireNonNull(apiKey, "apiKey");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(applicationId, "applicationId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(advertisedHost, "advertisedHost");
        Objects.requireNonNull(httpHost, "httpHost");
        Objects.requireNonNull(opsToken, "opsToken");
        Objects.requireNonNull(startupTimeout, "startupTimeout");
        Objects.requireNonNull(logFormat, "logFormat");
        Objects.requireNonNull(topology, "topology");
        Objects.requireNonNull(limitScope, "limitScope");
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /**
     * Reads and validates the configuration.
     *
     * @param environment the process environment (or a test's map); wins over the file
     * @param configFile  a properties file with the same keys, from {@code --config}
     * @throws InvalidConfigException listing every problem, one line each
     */
    public static InferstreamConfig load(Map<String, String> environment, Optional<Path> configFile) {
        List<String> fileProblems = new ArrayList<>();
        Map<String, String> variables = ConfigSources.merge(environment, configFile, fileProblems);
        ConfigReader reader = new ConfigReader(variables);
        fileProblems.forEach(reader::problem);
        return ConfigLoader.read(reader, variables)
                .filter(config -> reader.problems().isEmpty())
                .orElseThrow(() -> new InvalidConfigException(reader.problems()));
    }

    /** How the AnnoLab client connects: its pool matches the in-flight cap, its timeout the call timeout. */
    public AnnoLabClientConfig clientConfig() {
        AnnoLabClientConfig config = AnnoLabClientConfig.of(annolabUrl, apiKey)
                .withMaxInFlight(topology.limits().maxInFlight())
                .withRequestTimeout(topology.limits().callTimeout());
        return truststore.map(config::withTruststore).orElse(config);
    }

    /** Serde settings under Confluent's names, for the processor and for tools that read or write the topics. */
    public Map<String, String> serdeConfig() {
        Map<String, String> serde = new LinkedHashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        registryUserInfo.ifPresent(userInfo -> {
            serde.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, AvroSerdeConfig.USER_INFO_SOURCE);
            serde.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo);
        });
        return serde;
    }

    /** Settings for a plain Kafka client (Admin, producer, consumer) with the same connection and security. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(kafkaProperties);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    /**
     * Kafka Streams settings beyond the ones Inferstream sets itself: the {@code KAFKA_*} passthrough plus
     * {@code application.server}, so instances can find each other's jobs.
     */
    public Map<String, String> streamsOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>(kafkaProperties);
        overrides.remove(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        overrides.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
        return overrides;
    }

    @Override
    public String toString() {
        Map<String, String> shownKafka = new TreeMap<>();
        kafkaProperties.forEach((name, value) ->
                shownKafka.put(name, KafkaPassthrough.isSecret(name) ? "redacted" : value));
        return "InferstreamConfig[bootstrapServers=" + bootstrapServers
                + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", registryUserInfo=" + registryUserInfo.map(info -> "redacted").orElse("none")
                + ", annolabUrl=" + annolabUrl
                + ", apiKey=" + apiKey
                + ", truststore=" + truststore.map(Truststore::toString).orElse("none")
                + ", applicationId=" + applicationId
                + ", stateDir=" + stateDir
                + ", httpPort=" + httpPort
                + ", httpHost=" + httpHost
                + ", opsToken=" + opsToken.map(token -> "redacted").orElse("none")
                + ", advertisedHost=" + advertisedHost
                + ", createTopics=" + createTopics
                + ", topicPartitions=" + topicPartitions
                + ", logFormat=" + logFormat
                + ", topology=" + topology
                + ", limitScope=" + limitScope.spelling()
                + ", startupTimeout=" + startupTimeout
                + ", maxThreadReplacements=" + maxThreadReplacements
                + ", kafkaProperties=" + shownKafka + "]";
    }
}
