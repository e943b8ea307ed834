package dev.inferstream.harness.embedded;

import dev.inferstream.service.TopicSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (combined broker and controller) running inside the test JVM.
 *
 * <p>Ports and the log directory are chosen on the first {@link #start()} and kept for the
 * broker's lifetime, so {@link #restart()} brings back the same broker with its data, at the same
 * bootstrap address clients already hold.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);

    private final Consumer<Properties> extraProperties;
    private final String clusterId = Uuid.randomUuid().toString();
    private Path rootDir;
    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;

    public EmbeddedKafkaBroker() {
        this(props -> { });
    }

    /**
     * @param extraProperties edits the broker properties after the defaults are set, e.g. to add a
     *     SASL listener (append to {@code listeners}, {@code advertised.listeners} and
     *     {@code listener.security.protocol.map}; {@link FreePorts} supplies extra ports)
     */
    public EmbeddedKafkaBroker(Consumer<Properties> extraProperties) {
        this.extraProperties = extraProperties;
    }

    /** Starts the broker and returns once it answers admin requests. */
    public synchronized EmbeddedKafkaBroker start() {
        if (server != null) {
            throw new IllegalStateException("broker already running at " + bootstrapServers());
        }
        if (rootDir == null) {
            allocatePortsAndDirectory();
        }
        long startNanos = System.nanoTime();
        Properties props = BrokerProperties.singleNode(brokerPort, controllerPort, rootDir.resolve("data"));
        extraProperties.accept(props);
        StorageFormatter.format(props, clusterId, rootDir.resolve("server.properties"));

        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server = starting;
        try {
            starting.startup();
            BrokerReadiness.await(bootstrapServers(), STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        // Startup time varies a lot on a loaded 2-core machine; logging it explains slow test classes.
        LOG.info("Kafka broker ready at {} in {} ms (data in {})", bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - startNanos).toMillis(), rootDir);
        return this;
    }

    /** The PLAINTEXT bootstrap address; stable across {@link #restart()}. */
    public synchronized String bootstrapServers() {
        if (rootDir == null) {
            throw new IllegalStateException("broker was never started");
        }
        return BrokerProperties.bootstrapServers(brokerPort);
    }

    /** Creates topics (the single node's replication factor, 1) and waits until every partition has a leader. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        TopicSetup.createMissing(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()),
                partitionsByTopic, TOPIC_TIMEOUT);
    }

    /** Shuts the broker down cleanly, keeping its data for a later {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            server = null;
        }
    }

    /** Stops and starts the broker on the same ports and log directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Stops the broker and deletes its data. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            deleteRootDir();
        }
    }

    private void allocatePortsAndDirectory() {
        int[] ports = FreePorts.pick(2);
        brokerPort = ports[0];
        controllerPort = ports[1];
        try {
            rootDir = Files.createTempDirectory("embedded-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temp dir for the broker", e);
        }
    }

    private void deleteRootDir() {
        if (rootDir == null) {
            return;
        }
        try {
            Utils.delete(rootDir.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + rootDir, e);
        }
        // Makes close() idempotent; a later start() gets fresh ports and a fresh directory.
        rootDir = null;
    }
}
