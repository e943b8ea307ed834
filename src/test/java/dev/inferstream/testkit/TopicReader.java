package dev.inferstream.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a whole topic from the beginning, without a consumer group, accumulating what it has seen
 * so tests can wait for a condition on the records instead of sleeping.
 */
public final class TopicReader<K, V> implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final KafkaConsumer<K, V> consumer;
    private final List<ConsumerRecord<K, V>> records = new ArrayList<>();

    private TopicReader(String bootstrapServers, List<String> topics, IsolationLevel isolation,
                        Deserializer<K> keys, Deserializer<V> values) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString().toLowerCase(Locale.ROOT)),
                keys, values);
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    static TopicReader<String, String> strings(String bootstrapServers, String topic, IsolationLevel isolation) {
        return of(bootstrapServers, List.of(topic), isolation, new StringDeserializer(), new StringDeserializer());
    }

    public static TopicReader<byte[], byte[]> bytes(String bootstrapServers, String topic, IsolationLevel isolation) {
        return of(bootstrapServers, List.of(topic), isolation, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads every partition of {@code topics} from the beginning, without a consumer group. */
    public static <K, V> TopicReader<K, V> of(String bootstrapServers, List<String> topics, IsolationLevel isolation,
                                              Deserializer<K> keys, Deserializer<V> values) {
        return new TopicReader<>(bootstrapServers, topics, isolation, keys, values);
    }

    /** Polls until the records read so far satisfy {@code condition}, and returns them all. */
    List<ConsumerRecord<K, V>> awaitUntil(String description, Predicate<List<ConsumerRecord<K, V>>> condition) {
        return awaitUntil(description, TIMEOUT, condition);
    }

    /** As {@link #awaitUntil(String, Predicate)}, waiting at most {@code timeout}. */
    public List<ConsumerRecord<K, V>> awaitUntil(String description, Duration timeout,
                                                 Predicate<List<ConsumerRecord<K, V>>> condition) {
        await(description)
                .atMost(timeout)
                .pollInterval(Duration.ZERO)
                // KafkaConsumer must not be used from awaitility's own polling thread.
                .pollInSameThread()
                .until(() -> {
                    consumer.poll(POLL).forEach(records::add);
                    return condition.test(records);
                });
        return List.copyOf(records);
    }

    /**
     * Polls until this reader's position reaches the end of every partition as it stands now (for
     * read_committed, the last stable offset), and returns everything read.
     */
    public List<ConsumerRecord<K, V>> awaitCaughtUp(String description, Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        return awaitUntil(description, timeout, read -> ends.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey()) >= end.getValue()));
    }

    public List<ConsumerRecord<K, V>> awaitAtLeast(int count) {
        return awaitUntil(count + " records", read -> read.size() >= count);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
