package dev.inferstream.testkit;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KafkaStreams;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerRestartIT {

    private static final String DURABLE = "durable";
    private static final String SOURCE = "restart-source";
    private static final String SINK = "restart-sink";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of(DURABLE, 1, SOURCE, 2, SINK, 2));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void recordsProducedBeforeRestartAreConsumableAfterIt() {
        String bootstrapBefore = broker.bootstrapServers();
        List<ProducerRecord<String, String>> before = records(DURABLE, "before", 5);
        TestClients.produceStrings(bootstrapBefore, before);

        broker.restart();

        assertThat(broker.bootstrapServers()).isEqualTo(bootstrapBefore);
        try (TopicReader<String, String> reader =
                     TopicReader.strings(broker.bootstrapServers(), DURABLE, IsolationLevel.READ_COMMITTED)) {
            assertThat(reader.awaitAtLeast(before.size()))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyElementsOf(keysAndValues(before));
        }
    }

    @Test
    void exactlyOnceStreamsAppKeepsCopyingAcrossBrokerRestart(@TempDir Path stateDir) {
        List<ProducerRecord<String, String>> before = records(SOURCE, "before", 10);
        List<ProducerRecord<String, String>> after = records(SOURCE, "after", 10);
        List<ProducerRecord<String, String>> all = Stream.concat(before.stream(), after.stream()).toList();

        try (StreamsRunner app = StreamsRunner.start(broker.bootstrapServers(), "copy-restart-it", stateDir,
                CopyTopology.build(SOURCE, SINK), new Properties())) {
            TestClients.produceStrings(broker.bootstrapServers(), before);
            try (TopicReader<String, String> sink = readCommittedSink()) {
                sink.awaitAtLeast(before.size());
            }

            broker.restart();
            TestClients.produceStrings(broker.bootstrapServers(), after);

            try (TopicReader<String, String> sink = readCommittedSink()) {
                // Exactly once: the commit interrupted by the restart must not show up twice.
                assertThat(sink.awaitAtLeast(all.size()))
                        .extracting(ConsumerRecord::key, ConsumerRecord::value)
                        .containsExactlyInAnyOrderElementsOf(keysAndValues(all));
            }
            await("app to be RUNNING after the restart")
                    .atMost(Duration.ofSeconds(30))
                    .until(app::state, KafkaStreams.State.RUNNING::equals);
        }
    }

    private static TopicReader<String, String> readCommittedSink() {
        return TopicReader.strings(broker.bootstrapServers(), SINK, IsolationLevel.READ_COMMITTED);
    }

    private static List<ProducerRecord<String, String>> records(String topic, String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ProducerRecord<>(topic, prefix + "-key-" + i, prefix + "-value-" + i))
                .toList();
    }

    private static List<Tuple> keysAndValues(List<ProducerRecord<String, String>> records) {
        return records.stream().map(r -> tuple(r.key(), r.value())).toList();
    }
}
