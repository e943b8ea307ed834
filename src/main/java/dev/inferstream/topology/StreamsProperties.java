package dev.inferstream.topology;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams settings Inferstream's guarantees depend on, with operator overrides on top. */
public final class StreamsProperties {

    static final long POLL_MILLIS = 20;

    private StreamsProperties() {}

    /**
     * Exactly-once v2 (one event per request across crashes); any input record that cannot be read or
     * answered to the dead-letter topic through {@link DeadLetterHandler} (KIP-1033, KIP-1034) instead of
     * failing the thread; {@code overrides} (e.g. {@code KAFKA_*} variables) win over these defaults.
     */
    public static Properties of(String applicationId, String bootstrapServers, Path stateDir,
                                TopologySettings.Topics topics, Map<String, String> overrides) {
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class.getName());
        properties.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        // Kafka 5.0 turns this on anyway; opting in now keeps behaviour stable across the upgrade. The
        // partition assignor reads Streams' settings again from the main consumer's, which do not carry it,
        // and would warn at every start that it is off; the prefix hands it to the assignor too.
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        properties.put(StreamsConfig.mainConsumerPrefix(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG),
                "true");
        // Wall-clock ticks only fire between polls: with the 100 ms default an idle thread ticks up to a
        // poll late, which the detection delay of every finished job pays for.
        properties.put(StreamsConfig.POLL_MS_CONFIG, String.valueOf(POLL_MILLIS));
        properties.putAll(overrides);
        return properties;
    }
}
