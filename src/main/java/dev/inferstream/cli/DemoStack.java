package dev.inferstream.cli;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.embedded.EmbeddedKafkaBroker;
import dev.inferstream.embedded.FreePorts;
import dev.inferstream.serde.MockSchemaRegistry;
import dev.inferstream.sim.AnnoLabSimulator;
import dev.inferstream.sim.DurationSpec;
import dev.inferstream.sim.FaultKind;
import dev.inferstream.sim.SimConfig;
import dev.inferstream.sim.SimModel;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Everything the demo runs in this JVM: a KRaft broker, a {@code mock://} registry, the AnnoLab simulator
 * and the processor, configured through the same {@link InferstreamConfig} path as {@code run}.
 */
final class DemoStack implements AutoCloseable {

    static final String REGISTRY_SCOPE = "demo";
    static final String FAST_MODEL = "fast-model";
    static final String STUCK_MODEL = "stuck-model";
    static final String PROJECT = "demo-project";
    static final String FORBIDDEN_PROJECT = "locked-project";
    static final String LAYER = "predictions";
    private static final String API_KEY = "demo-api-key";
    private static final int PARTITIONS = 3;

    private final EmbeddedKafkaBroker broker;
    private final AnnoLabSimulator simulator;
    private final Path stateDir;
    private final InferstreamConfig config;
    private final RunningProcessor processor;

    private DemoStack(EmbeddedKafkaBroker broker, AnnoLabSimulator simulator, Path stateDir,
                      InferstreamConfig config, RunningProcessor processor) {
        this.broker = broker;
        this.simulator = simulator;
        this.stateDir = stateDir;
        this.config = config;
        this.processor = processor;
    }

    static DemoStack start(PrintWriter out) {
        out.println("Starting an embedded Kafka broker (KRaft)...");
        out.flush();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
        AnnoLabSimulator simulator = null;
        try {
            TopologySettings.Topics topics = TopologySettings.Topics.defaults();
            broker.createTopics(Map.of(topics.requested(), PARTITIONS, topics.completed(), PARTITIONS,
                    topics.failed(), PARTITIONS, topics.deadLetters(), 1));
            simulator = AnnoLabSimulator.startBlocking(simConfig());
            out.printf("AnnoLab simulator at %s; starting the processor...%n", simulator.baseUrl());
            out.flush();
            Path stateDir = Files.createTempDirectory("inferstream-demo-state");
            InferstreamConfig config = InferstreamConfig.load(environment(broker, simulator, stateDir), Optional.empty());
            return new DemoStack(broker, simulator, stateDir, config, RunningProcessor.start(config));
        } catch (IOException e) {
            closeQuietly(simulator, broker);
            throw new UncheckedIOException("could not create the demo's state directory", e);
        } catch (RuntimeException e) {
            closeQuietly(simulator, broker);
            throw e;
        }
    }

    /**
     * Job durations of 1-3 s and quick polling keep the demo short; the faults make retries visible;
     * a 10% errored share makes at least one JOB_ERRORED likely among the successes.
     */
    private static SimConfig simConfig() {
        return SimConfig.defaults().toBuilder()
                .port(0)
                .apiKeys(API_KEY)
                .models(List.of(new SimModel(100, FAST_MODEL, DurationSpec.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3))),
                        new SimModel(102, STUCK_MODEL, DurationSpec.never())))
                .erroredShare(0.1)
                .fault(FaultKind.INTERNAL_ERROR, 0.03)
                .fault(FaultKind.RATE_LIMITED, 0.02)
                .serverInstances(1)
                .build();
    }

    private static Map<String, String> environment(EmbeddedKafkaBroker broker, AnnoLabSimulator simulator,
                                                   Path stateDir) {
        return Map.ofEntries(
                Map.entry(EnvNames.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers()),
                Map.entry(EnvNames.SCHEMA_REGISTRY_URL, "mock://" + REGISTRY_SCOPE),
                Map.entry(EnvNames.ANNOLAB_API_URL, simulator.baseUrl()),
                Map.entry(EnvNames.ANNOLAB_API_KEY, API_KEY),
                Map.entry(EnvNames.APPLICATION_ID, "inferstream-demo"),
                Map.entry(EnvNames.STATE_DIR, stateDir.toString()),
                Map.entry(EnvNames.ADVERTISED_HOST, "localhost"),
                Map.entry(EnvNames.HTTP_PORT, String.valueOf(FreePorts.pick(1)[0])),
                Map.entry(EnvNames.POLL_INITIAL_DELAY_MILLIS, "1000"),
                Map.entry(EnvNames.POLL_MAX_INTERVAL_SECONDS, "1"),
                Map.entry(EnvNames.CALL_TIMEOUT_SECONDS, "5"));
    }

    InferstreamConfig config() {
        return config;
    }

    RunningProcessor processor() {
        return processor;
    }

    String bootstrapServers() {
        return broker.bootstrapServers();
    }

    String simulatorUrl() {
        return simulator.baseUrl();
    }

    @Override
    public void close() {
        try {
            processor.close();
        } finally {
            closeQuietly(simulator, broker);
            MockSchemaRegistry.dropScope(REGISTRY_SCOPE);
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + stateDir, e);
            }
        }
    }

    private static void closeQuietly(AnnoLabSimulator simulator, EmbeddedKafkaBroker broker) {
        try {
            if (simulator != null) {
                simulator.close();
            }
        } finally {
            broker.close();
        }
    }
}
