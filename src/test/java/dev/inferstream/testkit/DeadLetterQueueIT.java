package dev.inferstream.testkit;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KIP-1034: a record the source cannot deserialize goes to a dead-letter topic, untouched. */
class DeadLetterQueueIT {

    private static final String SOURCE = "numbers";
    private static final String SINK = "numbers-times-ten";
    private static final String DLQ = "numbers-dlq";
    private static final byte[] BAD_KEY = "bad".getBytes(StandardCharsets.UTF_8);
    // IntegerDeserializer insists on exactly four bytes.
    private static final byte[] THREE_BYTES = {1, 2, 3};
    private static final Header ORIGINAL_HEADER =
            new RecordHeader("trace-id", "t-42".getBytes(StandardCharsets.UTF_8));

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of(SOURCE, 1, SINK, 1, DLQ, 1));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void undeserializableRecordLandsInTheDeadLetterTopicAndProcessingContinues(@TempDir Path stateDir) {
        Properties handlerConfig = new Properties();
        handlerConfig.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, DLQ);
        // The brief's default.deserialization.exception.handler is deprecated in 4.4; this is its successor.
        handlerConfig.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class);

        try (StreamsRunner app = StreamsRunner.start(broker.bootstrapServers(), "dlq-it", stateDir,
                timesTen(), handlerConfig);
             TopicReader<String, String> sink =
                     TopicReader.strings(broker.bootstrapServers(), SINK, IsolationLevel.READ_COMMITTED);
             TopicReader<byte[], byte[]> dlq =
                     TopicReader.bytes(broker.bootstrapServers(), DLQ, IsolationLevel.READ_COMMITTED)) {
            TestClients.produceBytes(broker.bootstrapServers(), List.of(
                    new ProducerRecord<>(SOURCE, bytes("one"), intBytes(1)),
                    new ProducerRecord<>(SOURCE, null, null, BAD_KEY, THREE_BYTES, List.of(ORIGINAL_HEADER)),
                    new ProducerRecord<>(SOURCE, bytes("three"), intBytes(3))));

            List<ConsumerRecord<String, String>> results = sink.awaitAtLeast(2);
            ConsumerRecord<byte[], byte[]> dead = dlq.awaitAtLeast(1).get(0);

            assertThat(results).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("one", "10"),
                            tuple("three", "30"));
            assertThat(dead.key()).isEqualTo(BAD_KEY);
            assertThat(dead.value()).isEqualTo(THREE_BYTES);
            System.out.println("DLQ headers observed: " + describe(dead));
            assertThat(header(dead, "trace-id")).isEqualTo("t-42");
            assertThat(header(dead, "__streams.errors.exception"))
                    .isEqualTo("org.apache.kafka.common.errors.SerializationException");
            assertThat(header(dead, "__streams.errors.topic")).isEqualTo(SOURCE);
            assertThat(header(dead, "__streams.errors.partition")).isEqualTo("0");
            assertThat(header(dead, "__streams.errors.offset")).isEqualTo("1");
            assertThat(header(dead, "__streams.errors.message")).isNotBlank();
            assertThat(header(dead, "__streams.errors.stacktrace")).isNotBlank();
            assertThat(app.state()).as("a deserialization error must not stop the app")
                    .isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    private static Topology timesTen() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(SOURCE, Consumed.with(Serdes.String(), Serdes.Integer()))
                .mapValues(value -> String.valueOf(value * 10))
                .to(SINK, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }

    private static String describe(ConsumerRecord<byte[], byte[]> record) {
        return Arrays.stream(record.headers().toArray())
                .map(h -> h.key() + "=" + abbreviate(new String(h.value(), StandardCharsets.UTF_8)))
                .toList()
                .toString();
    }

    private static String abbreviate(String text) {
        String firstLine = text.lines().findFirst().orElse("");
        return firstLine.length() > 80 ? firstLine.substring(0, 80) + "..." : firstLine;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        assertThat(header).as("header %s", name).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] intBytes(int value) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(value).array();
    }
}
