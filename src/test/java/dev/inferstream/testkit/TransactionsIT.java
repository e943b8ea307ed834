package dev.inferstream.testkit;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TransactionsIT {

    private static final String TOPIC = "transactions";
    private static final String LAST_COMMITTED = "c";

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of(TOPIC, 1));
        try (KafkaProducer<String, String> producer =
                     TestClients.transactionalProducer(broker.bootstrapServers(), "transactions-it")) {
            producer.initTransactions();
            producer.beginTransaction();
            TestClients.sendAll(producer, records("a", "b"));
            producer.commitTransaction();

            producer.beginTransaction();
            TestClients.sendAll(producer, records("x", "y"));
            producer.abortTransaction();

            producer.beginTransaction();
            TestClients.sendAll(producer, records(LAST_COMMITTED));
            producer.commitTransaction();
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void readCommittedConsumerSeesCommittedRecordsButNotAbortedOnes() {
        try (TopicReader<String, String> reader =
                     TopicReader.strings(broker.bootstrapServers(), TOPIC, IsolationLevel.READ_COMMITTED)) {
            List<String> values = values(reader.awaitUntil("last committed record", TransactionsIT::hasLastCommitted));

            assertThat(values).containsExactly("a", "b", LAST_COMMITTED);
        }
    }

    @Test
    void abortedRecordsAreInTheLogForReadUncommittedConsumers() {
        // Without this the read_committed test could pass merely because the aborted sends were lost.
        try (TopicReader<String, String> reader =
                     TopicReader.strings(broker.bootstrapServers(), TOPIC, IsolationLevel.READ_UNCOMMITTED)) {
            List<String> values = values(reader.awaitUntil("last committed record", TransactionsIT::hasLastCommitted));

            assertThat(values).containsExactly("a", "b", "x", "y", LAST_COMMITTED);
        }
    }

    private static List<ProducerRecord<String, String>> records(String... values) {
        return List.of(values).stream()
                .map(value -> new ProducerRecord<>(TOPIC, "key", value))
                .toList();
    }

    private static boolean hasLastCommitted(List<ConsumerRecord<String, String>> records) {
        return values(records).contains(LAST_COMMITTED);
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
