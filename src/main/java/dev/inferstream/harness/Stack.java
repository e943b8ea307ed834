package dev.inferstream.harness;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.config.EnvNames;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.EmbeddedSchemaRegistry;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.serde.AvroSerdeConfig;
import dev.inferstream.serde.MockSchemaRegistry;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The embedded world Inferstream runs in for the demo, the bench and the integration tests: a KRaft
 * broker with the contract's topics, a schema registry, the AnnoLab simulator and the API key it accepts.
 * One way to start it, so each caller states only what differs; closing stops all of it.
 */
public final class Stack implements AutoCloseable {

    /** Where schemas are registered. */
    public enum Registry {
        /** A {@code mock://} scope: only clients in this JVM share its schema ids. */
        IN_JVM,
        /** Confluent's REST endpoints over loopback HTTP, for processors and tools in other processes. */
        LOOPBACK
    }

    private final EmbeddedKafkaBroker broker;
    private final AnnoLabSimulator simulator;
    private final String apiKey;
    private final TopologySettings.Topics topics;
    private final String registryUrl;
    private final Optional<EmbeddedSchemaRegistry> loopbackRegistry;

    private Stack(EmbeddedKafkaBroker broker, AnnoLabSimulator simulator, String apiKey,
                  TopologySettings.Topics topics, String registryUrl, Optional<EmbeddedSchemaRegistry> loopbackRegistry) {
        this.broker = broker;
        this.simulator = simulator;
        this.apiKey = apiKey;
        this.topics = topics;
        this.registryUrl = registryUrl;
        this.loopbackRegistry = loopbackRegistry;
    }

    /** @param simulator the simulator's models, faults and latency; its port and API key come from the stack */
    public static Builder builder(SimConfig simulator) {
        return new Builder(simulator);
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public AnnoLabSimulator simulator() {
        return simulator;
    }

    /** The one key the simulator accepts. */
    public String apiKey() {
        return apiKey;
    }

    public TopologySettings.Topics topics() {
        return topics;
    }

    /** {@code mock://<scope>} or the loopback registry's {@code http://} address. */
    public String registryUrl() {
        return registryUrl;
    }

    /** The loopback registry, for tests that stop and restart it; empty with an in-JVM registry. */
    public Optional<EmbeddedSchemaRegistry> loopbackRegistry() {
        return loopbackRegistry;
    }

    /** Serde settings under Confluent's names, for producers, consumers and the processor. */
    public Map<String, String> serdeConfig() {
        return Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl);
    }

    /** How an AnnoLab client reaches the simulator with the key it accepts. */
    public AnnoLabClientConfig clientConfig() {
        return AnnoLabClientConfig.of(URI.create(simulator.baseUrl()), ApiKey.of(apiKey));
    }

    /**
     * The environment variables that point {@code inferstream run} (or {@code InferstreamConfig.load}) at
     * this stack; callers add the instance's own (application id, state directory, ops port, knobs).
     */
    public Map<String, String> serviceEnvironment() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put(EnvNames.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        environment.put(EnvNames.SCHEMA_REGISTRY_URL, registryUrl);
        environment.put(EnvNames.ANNOLAB_API_URL, simulator.baseUrl());
        environment.put(EnvNames.ANNOLAB_API_KEY, apiKey);
        return environment;
    }

    @Override
    public void close() {
        try {
            simulator.close();
        } finally {
            try {
                loopbackRegistry.ifPresentOrElse(EmbeddedSchemaRegistry::close, () -> dropScope(registryUrl));
            } finally {
                broker.close();
            }
        }
    }

    private static void dropScope(String mockUrl) {
        MockSchemaRegistry.dropScope(mockUrl.substring(AvroSerdeConfig.MOCK_URL_PREFIX.length()));
    }

    /** What differs between the demo, the bench and the tests. */
    public static final class Builder {
        private final SimConfig simulator;
        private String apiKey = "stack-api-key";
        private Optional<TopologySettings.Topics> topics = Optional.of(TopologySettings.Topics.defaults());
        private int partitions = 3;
        private final Map<String, Integer> extraTopics = new LinkedHashMap<>();
        private Registry registry = Registry.IN_JVM;
        private Consumer<Properties> brokerProperties = properties -> { };

        private Builder(SimConfig simulator) {
            this.simulator = simulator;
        }

        public Builder apiKey(String value) {
            this.apiKey = value;
            return this;
        }

        /** The contract's topics under these names, {@code partitions} each and one for the dead letters. */
        public Builder topics(TopologySettings.Topics value, int partitionsPerTopic) {
            this.topics = Optional.of(value);
            this.partitions = partitionsPerTopic;
            return this;
        }

        /** No contract topics: for callers that create topics of their own per measurement. */
        public Builder noTopics() {
            this.topics = Optional.empty();
            return this;
        }

        public Builder extraTopic(String name, int topicPartitions) {
            extraTopics.put(name, topicPartitions);
            return this;
        }

        public Builder registry(Registry value) {
            this.registry = value;
            return this;
        }

        /** Edits the broker's properties after the defaults, e.g. to add a SASL listener. */
        public Builder brokerProperties(Consumer<Properties> value) {
            this.brokerProperties = value;
            return this;
        }

        public Stack start() {
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(brokerProperties).start();
            AnnoLabSimulator sim = null;
            Optional<EmbeddedSchemaRegistry> loopback = Optional.empty();
            try {
                Map<String, Integer> wanted = new LinkedHashMap<>(
                        topics.map(names -> names.partitioned(partitions, 1)).orElse(Map.of()));
                wanted.putAll(extraTopics);
                if (!wanted.isEmpty()) {
                    broker.createTopics(wanted);
                }
                sim = AnnoLabSimulator.startBlocking(simulator.toBuilder().port(0).apiKeys(apiKey).build());
                loopback = registry == Registry.LOOPBACK ? Optional.of(EmbeddedSchemaRegistry.start()) : Optional.empty();
                String url = loopback.map(EmbeddedSchemaRegistry::url)
                        .orElseGet(() -> AvroSerdeConfig.MOCK_URL_PREFIX + "stack-" + UUID.randomUUID());
                return new Stack(broker, sim, apiKey, topics.orElse(TopologySettings.Topics.defaults()), url, loopback);
            } catch (IOException e) {
                closeStarted(sim, broker);
                throw new UncheckedIOException("could not start the loopback schema registry", e);
            } catch (RuntimeException e) {
                closeStarted(sim, broker);
                throw e;
            }
        }

        private static void closeStarted(AnnoLabSimulator sim, EmbeddedKafkaBroker broker) {
            try {
                if (sim != null) {
                    sim.close();
                }
            } finally {
                broker.close();
            }
        }
    }
}
