package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a system's output topics (committed records only) and remembers, per requestId, when its
 * terminal event was written and which simulator job it names.
 */
final class TerminalWatch implements AutoCloseable {

    /**
     * One terminal event: the record timestamp (set when the system wrote it), when this watch first read
     * it (after the system's transaction committed), and the job it names, if any.
     */
    record Ended(long writtenAt, long seenAt, OptionalLong jobId) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final Function<ConsumerRecord<String, byte[]>, OptionalLong> jobIdOf;
    private final Map<String, Ended> ended = new HashMap<>();

    TerminalWatch(String bootstrapServers, List<String> topics,
                  Function<ConsumerRecord<String, byte[]>, OptionalLong> jobIdOf) {
        this.jobIdOf = jobIdOf;
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code count} matching requests ended; false if {@code timeout} passed first. */
    boolean awaitEnded(Predicate<String> requestIds, long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Counted as records arrive: scanning every ended request per poll took CPU from the system measured.
        long endedSoFar = countEnded(requestIds);
        while (endedSoFar < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            endedSoFar += pollOnce(requestIds);
        }
        return true;
    }

    /** Reads whatever is there for {@code duration}, whether or not anything arrives. */
    void drainFor(Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            pollOnce(requestId -> false);
        }
    }

    /** Reads one batch; returns how many requests matching {@code counted} ended in it. */
    private int pollOnce(Predicate<String> counted) {
        int newlyEnded = 0;
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
            long seenAt = System.currentTimeMillis();
            // The first terminal event is the one that counts; exactly-once means there is no second.
            Ended first = ended.putIfAbsent(record.key(), new Ended(record.timestamp(), seenAt, jobIdOf.apply(record)));
            if (first == null && counted.test(record.key())) {
                newlyEnded++;
            }
        }
        return newlyEnded;
    }

    long countEnded(Predicate<String> requestIds) {
        return ended.keySet().stream().filter(requestIds).count();
    }

    Map<String, Ended> ended(Predicate<String> requestIds) {
        Map<String, Ended> matching = new HashMap<>();
        ended.forEach((id, end) -> {
            if (requestIds.test(id)) {
                matching.put(id, end);
            }
        });
        return matching;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
