package dev.inferstream.topology;

import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an undecodable input record to the dead-letter topic as {@link LogAndContinueExceptionHandler}
 * does, with one WARN line that says where it was and why; the stack trace goes to DEBUG. Kafka's own
 * two WARNs with a stack trace each (this handler's parent and {@code RecordDeserializer}) are turned
 * down in logback.xml, so a producer writing garbage costs a line per record, not a screenful.
 */
public final class DeadLetterHandler extends LogAndContinueExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                Exception exception) {
        log.warn("undecodable record {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
                record.offset(), reasons(exception));
        log.debug("stack trace of the undecodable record {}-{}@{}", record.topic(), record.partition(),
                record.offset(), exception);
        return super.handleError(context, record, exception);
    }

    /** The distinct messages of the cause chain, outermost first: wrappers often repeat their cause. */
    static String reasons(Throwable failure) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            parts.add(message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip());
        }
        return String.join(": ", parts);
    }
}
