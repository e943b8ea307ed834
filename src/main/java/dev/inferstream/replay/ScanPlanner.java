package dev.inferstream.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Resolves a time range to offsets on every partition. The end offsets are snapshotted once, before the
 * scan, so records published meanwhile (including the replay's own, when it reads the topic it writes)
 * never extend it: the scan always ends.
 */
final class ScanPlanner {

    private final Consumer<?, ?> consumer;
    private final Duration timeout;

    ScanPlanner(Consumer<?, ?> consumer, Duration timeout) {
        this.consumer = consumer;
        this.timeout = timeout;
    }

    List<OffsetRange> plan(String topic, Instant since, Instant until) {
        if (!since.isBefore(until)) {
            throw new ReplayException("--since " + since + " is not before --until " + until);
        }
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(at(partitions, since), timeout);
        Map<TopicPartition, OffsetAndTimestamp> stops = consumer.offsetsForTimes(at(partitions, until), timeout);
        return partitions.stream().map(partition -> {
            long end = ends.get(partition);
            // No record at or after a bound means the bound lies past the partition's last record.
            long start = offsetOr(starts.get(partition), end);
            long stop = Math.min(end, offsetOr(stops.get(partition), end));
            return new OffsetRange(partition, start, Math.max(start, stop));
        }).toList();
    }

    private static Map<TopicPartition, Long> at(List<TopicPartition> partitions, Instant instant) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(partition -> query.put(partition, instant.toEpochMilli()));
        return query;
    }

    private static long offsetOr(OffsetAndTimestamp found, long fallback) {
        return found == null ? fallback : found.offset();
    }
}
