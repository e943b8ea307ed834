package dev.inferstream.service;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.quota.OwnedPartitions;
import dev.inferstream.quota.QuotaSettings;
import dev.inferstream.quota.QuotaShare;
import dev.inferstream.quota.Quotas;
import dev.inferstream.topology.ApiCapacity;
import dev.inferstream.topology.EventSerdes;
import dev.inferstream.topology.InferstreamTopology;
import dev.inferstream.topology.JobMetrics;
import dev.inferstream.topology.JobServices;
import dev.inferstream.topology.RegistryHealth;
import dev.inferstream.topology.StreamsProperties;
import dev.inferstream.topology.TickObserver;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Inferstream instance: the Kafka Streams application around the job topology, wired to
 * an AnnoLab client the caller owns. Started once, closed once.
 */
public final class InferstreamService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InferstreamService.class);

    /** Everything an instance needs besides the API client, fixed at start. */
    public record Settings(String applicationId, String bootstrapServers, Map<String, String> serdeConfig,
                           Path stateDir, TopologySettings topology, Map<String, String> streamsOverrides,
                           Duration closeTimeout, QuotaSettings quota) {
        public Settings {
            serdeConfig = Map.copyOf(serdeConfig);
            streamsOverrides = Map.copyOf(streamsOverrides);
        }

        /** An instance whose limits are its own, as tools and tests that run one in-process instance want. */
        public Settings(String applicationId, String bootstrapServers, Map<String, String> serdeConfig,
                        Path stateDir, TopologySettings topology, Map<String, String> streamsOverrides,
                        Duration closeTimeout) {
            this(applicationId, bootstrapServers, serdeConfig, stateDir, topology, streamsOverrides, closeTimeout,
                    QuotaSettings.perInstance());
        }

        /** The settings {@code run} starts an instance with. */
        public static Settings from(InferstreamConfig config) {
            return new Settings(config.applicationId(), config.bootstrapServers(), config.serdeConfig(),
                    config.stateDir(), config.topology(), config.streamsOverrides(), InferstreamConfig.CLOSE_TIMEOUT,
                    QuotaSettings.of(config.limitScope(), config.applicationId()));
        }
    }

    private final KafkaStreams streams;
    private final JobServices services;
    private final QuotaShare quota;
    private final Duration closeTimeout;
    private final Optional<HostInfo> advertisedServer;
    private final StreamFailures failures;
    private final RebalanceWatch rebalanceWatch;

    private InferstreamService(KafkaStreams streams, JobServices services, QuotaShare quota, Duration closeTimeout,
                               Optional<HostInfo> advertisedServer, StreamFailures failures,
                               RebalanceWatch rebalanceWatch) {
        this.streams = streams;
        this.failures = failures;
        this.services = services;
        this.quota = quota;
        this.closeTimeout = closeTimeout;
        this.advertisedServer = advertisedServer;
        this.rebalanceWatch = rebalanceWatch;
    }

    /** @throws dev.inferstream.quota.QuotaSetupException when a cluster-wide quota cannot start */
    public static InferstreamService start(Settings settings, AnnoLabClient client, MeterRegistry meters) {
        return start(settings, client, meters, InferstreamConfig.DEFAULT_MAX_THREAD_REPLACEMENTS);
    }

    /** @param maxThreadReplacements stream-thread failures replaced within 10 minutes before the client shuts down */
    public static InferstreamService start(Settings settings, AnnoLabClient client, MeterRegistry meters,
                                           int maxThreadReplacements) {
        JobServices services = JobServices.create(settings.topology(), client,
                new JobMetrics(meters, settings.topology().metricLabelLimit()),
                TickObserver.NONE, SplittableRandom::new);
        OwnedPartitions owned = new OwnedPartitions(System::currentTimeMillis);
        Topology topology = InferstreamTopology.build(settings.topology(),
                EventSerdes.confluentAvro(settings.serdeConfig()), services, owned);
        // Built before the quota starts, so a Kafka setting Streams rejects is reported as itself.
        KafkaStreams streams = new KafkaStreams(topology, streamsProperties(settings));
        StreamFailures failures = new StreamFailures(maxThreadReplacements, System::currentTimeMillis);
        streams.setUncaughtExceptionHandler(failures);
        RebalanceWatch rebalanceWatch = new RebalanceWatch(
                Optional.ofNullable(settings.streamsOverrides().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)));
        streams.setStateListener(rebalanceWatch);
        streams.setGlobalStateRestoreListener(rebalanceWatch);
        Optional<HostInfo> advertised = Optional.ofNullable(
                settings.streamsOverrides().get(StreamsConfig.APPLICATION_SERVER_CONFIG))
                .filter(endpoint -> !endpoint.isBlank())
                .map(HostInfo::buildFromEndpoint);
        QuotaShare quota;
        try {
            quota = Quotas.start(settings.quota(),
                    advertised.map(server -> server.host() + ":" + server.port()).orElse(settings.applicationId()),
                    clientProperties(settings), settings.topology().topics().requested(),
                    settings.topology().limits(), services.capacity(), owned, meters, System::currentTimeMillis);
        } catch (RuntimeException e) {
            streams.close();
            throw e;
        }
        try {
            streams.start();
        } catch (RuntimeException e) {
            streams.close();
            quota.close();
            throw e;
        }
        rebalanceWatch.watch(streams);
        return new InferstreamService(streams, services, quota, settings.closeTimeout(), advertised, failures,
                rebalanceWatch);
    }

    /** Connection and security settings of the Streams clients, for the quota's own Kafka clients. */
    private static Map<String, Object> clientProperties(Settings settings) {
        Map<String, Object> properties = new HashMap<>(settings.streamsOverrides());
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return properties;
    }

    /**
     * Checks the Kafka Streams configuration without connecting, so a value Kafka rejects is reported at
     * once instead of after the start-up checks have waited for the brokers.
     *
     * @throws org.apache.kafka.common.config.ConfigException naming the property Kafka rejects
     */
    public static void requireValidStreamsConfig(Settings settings) {
        new StreamsConfig(streamsProperties(settings));
    }

    private static Properties streamsProperties(Settings settings) {
        return StreamsProperties.of(settings.applicationId(), settings.bootstrapServers(), settings.stateDir(),
                settings.topology().topics(), settings.streamsOverrides());
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** The call budget shared by all tasks: the ops endpoints report its 401 pause and in-flight calls. */
    public ApiCapacity capacity() {
        return services.capacity();
    }

    /** What is known of the schema registry: readiness says why the instance waits while it does not answer. */
    public RegistryHealth registry() {
        return services.registry();
    }

    /** Why Kafka Streams was shut down after repeated thread failures, once it was. */
    public Optional<String> failureVerdict() {
        return failures.verdict();
    }

    /**
     * This instance's {@code application.server} (host:port of its ops endpoints), under which Kafka
     * Streams tells peers it owns keys; empty when not set, and then only local state can be queried.
     */
    public Optional<HostInfo> advertisedServer() {
        return advertisedServer;
    }

    /** Closes Streams first, so no task calls the API once this instance has left the quota. */
    @Override
    public void close() {
        rebalanceWatch.close();
        try {
            if (!streams.close(new KafkaStreams.CloseOptions().timeout(closeTimeout))) {
                log.warn("Kafka Streams did not close within {}", closeTimeout);
            }
        } finally {
            quota.close();
        }
    }
}
