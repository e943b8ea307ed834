package dev.inferstream.harness.demo;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the demo's outcome: consumes the completed, failed and dead-letter topics from the beginning
 * without a consumer group, and reads the processor's counters.
 */
final class DemoWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final SpecificAvroSerde<InferenceFailed> failedSerde;
    private final SpecificAvroSerde<InferenceCompleted> completedSerde;
    private final TopologySettings.Topics topics;
    private final MeterRegistry meters;
    private long completed;
    private long deadLetters;
    private DemoTally.Exports exports = DemoTally.Exports.NONE;
    private final Map<String, Long> failedByReason = new HashMap<>();

    DemoWatch(String bootstrapServers, Map<String, String> serdeConfig, TopologySettings.Topics topics,
              MeterRegistry meters) {
        this.topics = topics;
        this.meters = meters;
        this.failedSerde = new SpecificAvroSerde<>(InferenceFailed.class);
        failedSerde.configure(serdeConfig, false);
        this.completedSerde = new SpecificAvroSerde<>(InferenceCompleted.class);
        completedSerde.configure(serdeConfig, false);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT)),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = List.of(topics.completed(), topics.failed(), topics.deadLetters()).stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Waits up to {@code timeout} for new records, then returns the counts so far. */
    DemoTally poll(Duration timeout) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            if (record.topic().equals(topics.completed())) {
                completed++;
                countExport(completedSerde.deserializer().deserialize(record.topic(), record.value()));
            } else if (record.topic().equals(topics.failed())) {
                String reason = failedSerde.deserializer().deserialize(record.topic(), record.value()).getReason().name();
                failedByReason.merge(reason, 1L, Long::sum);
            } else {
                deadLetters++;
            }
        }
        return new DemoTally(completed, failedByReason, deadLetters, count("inferstream.requests", "result", "accepted"),
                sum("inferstream.terminal.events"), count("inferstream.requests", "result", "deduplicated"),
                sum("inferstream.api.calls"), exports);
    }

    private void countExport(InferenceCompleted event) {
        if (event.getResults() != null) {
            exports = new DemoTally.Exports(exports.delivered() + 1, exports.failed(),
                    exports.firstDownloadUrl().or(() -> Optional.of(event.getResults().getDownloadUrl())));
        } else if (event.getExportError() != null) {
            exports = new DemoTally.Exports(exports.delivered(), exports.failed() + 1, exports.firstDownloadUrl());
        }
    }

    private long count(String name, String tag, String value) {
        Counter counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private long sum(String name) {
        return (long) meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
    }

    @Override
    public void close() {
        consumer.close();
        failedSerde.close();
    }
}
