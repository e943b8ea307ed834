package dev.inferstream.harness.bench;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.serde.SpecificAvroSerde;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads the terminal topics from the beginning and keeps the latest event per requestId. */
final class TerminalTally implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final String completedTopic;
    private final SpecificAvroSerde<InferenceCompleted> completedSerde = new SpecificAvroSerde<>(InferenceCompleted.class);
    private final SpecificAvroSerde<InferenceFailed> failedSerde = new SpecificAvroSerde<>(InferenceFailed.class);
    private final Map<String, InferenceCompleted> completed = new HashMap<>();
    private final Map<String, InferenceFailed> failed = new HashMap<>();
    private long events;

    TerminalTally(String bootstrapServers, Map<String, String> serdeConfig, String completedTopic, String failedTopic) {
        this.completedTopic = completedTopic;
        completedSerde.configure(serdeConfig, false);
        failedSerde.configure(serdeConfig, false);
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = List.of(completedTopic, failedTopic).stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code condition} holds; false if {@code timeout} passed first. */
    boolean awaitUntil(Predicate<TerminalTally> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(this)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                events++;
                if (record.topic().equals(completedTopic)) {
                    completed.put(record.key(), completedSerde.deserializer().deserialize(record.topic(), record.value()));
                } else {
                    failed.put(record.key(), failedSerde.deserializer().deserialize(record.topic(), record.value()));
                }
            }
        }
        return true;
    }

    long countEnded(Predicate<String> requestIds) {
        return completed.keySet().stream().filter(requestIds).count() + failed.keySet().stream().filter(requestIds).count();
    }

    long countCompleted(Predicate<String> requestIds) {
        return completed.keySet().stream().filter(requestIds).count();
    }

    Map<String, InferenceCompleted> completed() {
        return completed;
    }

    /** Terminal events read, duplicates included: more than the distinct ids would break exactly-once. */
    long events() {
        return events;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
