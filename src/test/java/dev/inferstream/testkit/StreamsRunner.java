package dev.inferstream.testkit;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/** Runs a Kafka Streams topology with exactly-once processing until closed. */
final class StreamsRunner implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;

    private StreamsRunner(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Starts the topology and waits until it is RUNNING. {@code overrides} are applied last so a
     * test can add settings such as error handlers.
     */
    static StreamsRunner start(String bootstrapServers, String applicationId, Path stateDir,
                               Topology topology, Properties overrides) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        props.putAll(overrides);

        KafkaStreams streams = new KafkaStreams(topology, props);
        streams.start();
        StreamsRunner runner = new StreamsRunner(streams);
        try {
            await(applicationId + " to be RUNNING")
                    .atMost(STARTUP_TIMEOUT)
                    .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public void close() {
        streams.close(CLOSE_TIMEOUT);
    }
}
