package dev.inferstream.cli;

import dev.inferstream.config.KafkaConnection;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.serde.SpecificAvroSerde;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the result topics for {@code tail} without a consumer group (nothing is committed, any number of
 * tails may run), committed transactions only, from where the user asked: the end, the beginning or a time.
 */
final class TailSource implements AutoCloseable {

    static final String ERROR_HEADER_PREFIX = "__streams.errors.";
    static final String ERROR_EXCEPTION_HEADER = ERROR_HEADER_PREFIX + "exception";
    static final String ERROR_MESSAGE_HEADER = ERROR_HEADER_PREFIX + "message";
    private static final String STACKTRACE_HEADER = ERROR_HEADER_PREFIX + "stacktrace";
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    /** The topics to follow; the dead-letter topic only when asked for. */
    record Topics(String completed, String failed, Optional<String> deadLetters) {
        List<String> all() {
            List<String> all = new ArrayList<>(List.of(completed, failed));
            deadLetters.ifPresent(all::add);
            return all;
        }
    }

    /** Where reading starts: the end (only new events), the beginning, or the first record at or after a time. */
    sealed interface Start {
        record AtEnd() implements Start {}

        record AtBeginning() implements Start {}

        record Since(Instant time) implements Start {}
    }

    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final SpecificAvroSerde<InferenceCompleted> completedSerde = new SpecificAvroSerde<>(InferenceCompleted.class);
    private final SpecificAvroSerde<InferenceFailed> failedSerde = new SpecificAvroSerde<>(InferenceFailed.class);
    /** The end of each partition when reading began: what --no-follow reads up to. */
    private final Map<TopicPartition, Long> endsAtStart;

    TailSource(KafkaConnection connection, Topics topics, Start start) {
        this.topics = topics;
        Map<String, Object> config = new HashMap<>(connection.clientProperties());
        // The service writes its events in transactions; an aborted one never happened.
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "inferstream-tail");
        this.consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        completedSerde.configure(connection.serdeConfig(), false);
        failedSerde.configure(connection.serdeConfig(), false);
        List<TopicPartition> partitions = topics.all().stream()
                .flatMap(topic -> consumer.partitionsFor(topic, CLIENT_TIMEOUT).stream())
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        this.endsAtStart = Map.copyOf(consumer.endOffsets(partitions, CLIENT_TIMEOUT));
        seek(start, partitions);
    }

    private void seek(Start start, List<TopicPartition> partitions) {
        if (start instanceof Start.AtBeginning) {
            consumer.seekToBeginning(partitions);
        } else if (start instanceof Start.Since since) {
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, since.time().toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, CLIENT_TIMEOUT);
            partitions.forEach(partition -> {
                OffsetAndTimestamp offset = found.get(partition);
                consumer.seek(partition, offset == null ? endsAtStart.get(partition) : offset.offset());
            });
        } else {
            endsAtStart.forEach(consumer::seek);
        }
    }

    /** Waits up to {@code timeout} for records and returns them decoded, in the order read. */
    List<TailEvent> poll(Duration timeout) {
        List<TailEvent> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            events.add(decode(record));
        }
        return events;
    }

    /** True once every partition has been read up to where it ended when reading began. */
    boolean caughtUp() {
        return endsAtStart.entrySet().stream()
                .allMatch(end -> consumer.position(end.getKey(), CLIENT_TIMEOUT) >= end.getValue());
    }

    /** Makes a blocked {@link #poll} return at once; safe from any thread (Ctrl-C). */
    void wakeup() {
        consumer.wakeup();
    }

    private TailEvent decode(ConsumerRecord<byte[], byte[]> record) {
        TailEvent.Position position = new TailEvent.Position(record.topic(), record.partition(), record.offset(),
                Instant.ofEpochMilli(record.timestamp()));
        String key = keyText(record.key());
        if (record.value() == null) {
            return new TailEvent.Unreadable(position, key, "a record without a value");
        }
        if (topics.deadLetters().filter(record.topic()::equals).isPresent()) {
            return new TailEvent.DeadLetter(position, key, record.value().length, errorHeaders(record));
        }
        try {
            if (record.topic().equals(topics.completed())) {
                return new TailEvent.Completed(position, key,
                        completedSerde.deserializer().deserialize(record.topic(), record.value()));
            }
            return new TailEvent.Failed(position, key, failedSerde.deserializer().deserialize(record.topic(),
                    record.value()));
        } catch (RuntimeException e) {
            return new TailEvent.Unreadable(position, key, ToolErrors.oneLine(e));
        }
    }

    private static Map<String, String> errorHeaders(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (header.key().startsWith(ERROR_HEADER_PREFIX) && !header.key().equals(STACKTRACE_HEADER)
                    && header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }

    /** Request ids are UTF-8 text; a dead letter's key may be anything. */
    static String keyText(byte[] key) {
        if (key == null) {
            return "(no key)";
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            return "(" + key.length + " bytes, not UTF-8)";
        }
    }

    @Override
    public void close() {
        consumer.close();
        completedSerde.close();
        failedSerde.close();
    }
}
