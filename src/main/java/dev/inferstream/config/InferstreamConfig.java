package dev.inferstream.config;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.AnnoLabClientConfig.Truststore;
import dev.inferstream.api.ApiKeys;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
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
 * @param apiKeys            AnnoLab API key, re-read from its file when it comes from one
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
 * @param warnings           what works but deserves attention, for {@code run} to log once its log format is set
 */
public record InferstreamConfig(String bootstrapServers, String schemaRegistryUrl, Optional<String> registryUserInfo,
                                URI annolabUrl, ApiKeys apiKeys, Optional<Truststore> truststore,
                                String applicationId, Path stateDir, int httpPort, String httpHost,
                                Optional<String> opsToken, String advertisedHost,
                                boolean createTopics, int topicPartitions, LogFormat logFormat,
                                TopologySettings topology, QuotaScope limitScope, Duration startupTimeout,
                                int maxThreadReplacements, Map<String, String> kafkaProperties,
                                List<String> warnings) {

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
    /** Kafka allows 249 characters in a group instance id; Streams appends "-<thread index>". */
    static final int MAX_INSTANCE_ID_LENGTH = 240;
    /** How long a shutdown waits for Kafka Streams to commit and leave the group. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    public InferstreamConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(registryUserInfo, "registryUserInfo");
        Objects.requireNonNull(annolabUrl, "annolabUrl");
        Objects.requireNonNull(apiKeys, "apiKeys");
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
        warnings = List.copyOf(warnings);
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
        AnnoLabClientConfig config = AnnoLabClientConfig.of(annolabUrl, apiKeys)
                .withMaxInFlight(topology.limits().maxInFlight())
                .withRequestTimeout(topology.limits().callTimeout());
        return truststore.map(config::withTruststore).orElse(config);
    }

    /** Kafka and the registry as this instance reaches them, shared with the tools' configuration. */
    public KafkaConnection connection() {
        return new KafkaConnection(bootstrapServers, schemaRegistryUrl, registryUserInfo, kafkaProperties);
    }

    /** Serde settings under Confluent's names. */
    public Map<String, String> serdeConfig() {
        return connection().serdeConfig();
    }

    /** Settings for a plain Kafka client (Admin, producer, consumer) with the same connection and security. */
    public Map<String, Object> clientProperties() {
        return connection().clientProperties();
    }

    /**
     * Kafka Streams settings beyond the ones Inferstream sets itself: the {@code KAFKA_*} passthrough plus
     * {@code application.server}, so instances can find each other's jobs, and {@code group.instance.id}.
     *
     * <p>The instance id makes this instance a static member of the consumer group: a restarted instance
     * with the same id takes its tasks back at once, where a new dynamic member waits until the group drops
     * the old one (its session timeout, 45 s by default). It is derived from the advertised host and port,
     * which must already be unique per instance for interactive queries, and stays stable across restarts
     * in a StatefulSet or with a fixed host name. {@code KAFKA_GROUP_INSTANCE_ID} overrides it.
     */
    public Map<String, String> streamsOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>(kafkaProperties);
        overrides.remove(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
        overrides.putIfAbsent(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + httpPort);
        overrides.putIfAbsent(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId());
        return overrides;
    }

    /** {@code <advertised host>-<port>} in the characters a group instance id allows. */
    String instanceId() {
        String id = (advertisedHost + "-" + httpPort).replaceAll("[^a-zA-Z0-9._-]", "_");
        return id.length() <= MAX_INSTANCE_ID_LENGTH ? id : id.substring(id.length() - MAX_INSTANCE_ID_LENGTH);
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
                + ", apiKey=" + apiKeys.current()
                + apiKeys.file().map(file -> ", apiKeyFile=" + file + " (re-read when it changes)").orElse("")
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
