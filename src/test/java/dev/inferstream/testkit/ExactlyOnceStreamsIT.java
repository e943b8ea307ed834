package dev.inferstream.testkit;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExactlyOnceStreamsIT {

    private static final String SOURCE = "copy-source";
    private static final String SINK = "copy-sink";
    private static final int PARTITIONS = 2;
    private static final int RECORDS = 20;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of(SOURCE, PARTITIONS, SINK, PARTITIONS));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void exactlyOnceV2AppCopiesEveryRecordOnceToTheSinkTopic(@TempDir Path stateDir) {
        List<ProducerRecord<String, String>> input = IntStream.range(0, RECORDS)
                .mapToObj(i -> new ProducerRecord<>(SOURCE, "key-" + i, "value-" + i))
                .toList();

        try (StreamsRunner app = StreamsRunner.start(broker.bootstrapServers(), "copy-eos-it", stateDir,
                CopyTopology.build(SOURCE, SINK), new Properties());
             TopicReader<String, String> sink =
                     TopicReader.strings(broker.bootstrapServers(), SINK, IsolationLevel.READ_COMMITTED)) {
            TestClients.produceStrings(broker.bootstrapServers(), input);

            List<ConsumerRecord<String, String>> copied = sink.awaitAtLeast(RECORDS);

            assertThat(copied)
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(input.stream()
                            .map(r -> tuple(r.key(), r.value()))
                            .toList());
            assertThat(app.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }
}
