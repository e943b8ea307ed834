package dev.inferstream.topology;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' processing-exception handler (KIP-1033) for Inferstream: whatever goes wrong with one
 * input record, that record goes to the dead-letter topic (KIP-1034) with headers that say why, and the
 * stream thread carries on; a record can therefore never fail a thread, let alone twice. A failure in
 * a tick is tied to no record, so it fails the thread, and the uncaught-exception policy decides
 * whether to replace it or stop the instance.
 *
 * <p>Headers, as Kafka Streams' own dead letters have them: {@value #EXCEPTION}, {@value #MESSAGE},
 * {@value #TOPIC}, {@value #PARTITION}, {@value #OFFSET}, and {@value #STACKTRACE} for unexpected
 * exceptions only.
 */
public final class DeadLetterHandler implements ProcessingExceptionHandler {

    public static final String EXCEPTION = "__streams.errors.exception";
    public static final String MESSAGE = "__streams.errors.message";
    public static final String STACKTRACE = "__streams.errors.stacktrace";
    public static final String TOPIC = "__streams.errors.topic";
    public static final String PARTITION = "__streams.errors.partition";
    public static final String OFFSET = "__streams.errors.offset";
    /** Present when the record was too large to copy: the dead letter then has no value and a cut key. */
    public static final String ORIGINAL_OMITTED = "inferstream.errors.original.omitted";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    /** Room kept under the producer's limit for the headers (a stack trace among them). */
    private static final int HEADER_ROOM = 32 * 1024;
    /** How much of an oversized record's key a dead letter keeps. */
    private static final int KEPT_KEY_BYTES = 512;

    private String deadLetterTopic;
    private int maxRecordBytes = 1024 * 1024;

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalArgumentException(DeadLetterHandler.class.getSimpleName() + " needs "
                    + StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        }
        deadLetterTopic = topic.toString();
        for (String name : List.of("max.request.size", "producer.max.request.size")) {
            Object size = configs.get(name);
            if (size != null) {
                maxRecordBytes = Integer.parseInt(size.toString().strip());
            }
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof DeadLetter deadLetter) {
            DeadLetter.Input input = deadLetter.input();
            log.warn("dead-lettered {}-{}@{}: {}", input.topic(), input.partition(), input.offset(),
                    deadLetter.getMessage());
            return Response.resume(List.of(letter(input, deadLetter, false)));
        }
        if (record == null) {
            log.error("a tick of task {} failed; the stream thread fails with it", context.taskId(), exception);
            return Response.fail();
        }
        DeadLetter.Input input = currentInput(context);
        log.error("processing {}-{}@{} threw {}; the record is dead-lettered and processing goes on", input.topic(),
                input.partition(), input.offset(), exception.getClass().getName(), exception);
        return Response.resume(List.of(letter(input, exception, true)));
    }

    private static DeadLetter.Input currentInput(ErrorHandlerContext context) {
        return new DeadLetter.Input(context.topic(), context.partition(), context.offset(), context.timestamp(),
                Optional.ofNullable(context.sourceRawKey()), Optional.ofNullable(context.sourceRawValue()));
    }

    private ProducerRecord<byte[], byte[]> letter(DeadLetter.Input input, Exception why, boolean withStack) {
        long size = input.key().map(k -> k.length).orElse(0) + input.value().map(v -> v.length).orElse(0);
        // A dead letter too large to write would fail the transaction, and the thread, on every retry.
        boolean fits = size <= maxRecordBytes - HEADER_ROOM;
        byte[] key = input.key().map(k -> fits || k.length <= KEPT_KEY_BYTES ? k : Arrays.copyOf(k, KEPT_KEY_BYTES))
                .orElse(null);
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic, null, key,
                fits ? input.value().orElse(null) : null);
        if (!fits) {
            header(letter, ORIGINAL_OMITTED, "the original record (" + size + " bytes of key and value) is too large "
                    + "for a dead letter; it stays in " + input.topic() + " at partition " + input.partition()
                    + ", offset " + input.offset() + "; the key here is its first " + KEPT_KEY_BYTES + " bytes");
        }
        header(letter, EXCEPTION, why.getClass().getName());
        header(letter, MESSAGE, String.valueOf(why.getMessage()));
        if (withStack) {
            StringWriter trace = new StringWriter();
            why.printStackTrace(new PrintWriter(trace));
            header(letter, STACKTRACE, trace.toString());
        }
        header(letter, TOPIC, input.topic());
        header(letter, PARTITION, String.valueOf(input.partition()));
        header(letter, OFFSET, String.valueOf(input.offset()));
        return letter;
    }

    private static void header(ProducerRecord<byte[], byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
