package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class DeadLetterHandlerTest {

    @Test
    void givenAnUndecodableRecord_logsOneWarningLineWithoutAStack_theStackAtDebug_andDeadLettersIt() {
        Logger logger = (Logger) LoggerFactory.getLogger(DeadLetterHandler.class);
        ListAppender<ILoggingEvent> events = new ListAppender<>();
        events.start();
        logger.addAppender(events);
        logger.setLevel(Level.DEBUG);
        DeadLetterHandler handler = new DeadLetterHandler();
        handler.configure(Map.of(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, "requests-dlq"));
        byte[] value = "not avro".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("requests", 2, 17, new byte[0], value);
        SerializationException failure = new SerializationException("cannot decode requests",
                new IllegalArgumentException("the first byte is not the magic byte 0"));

        DeserializationExceptionHandler.Response response;
        try {
            response = handler.handleError(new Context(value), record, failure);
        } finally {
            logger.detachAppender(events);
            logger.setLevel(null);
        }

        assertThat(events.list).filteredOn(event -> event.getLevel() == Level.WARN).singleElement().satisfies(warn -> {
            assertThat(warn.getFormattedMessage()).isEqualTo("undecodable record requests-2@17 sent to the dead-letter"
                    + " topic: cannot decode requests: the first byte is not the magic byte 0");
            assertThat(warn.getThrowableProxy()).isNull();
        });
        assertThat(events.list).filteredOn(event -> event.getLevel() == Level.DEBUG).singleElement()
                .satisfies(debug -> assertThat(debug.getThrowableProxy()).isNotNull());
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement()
                .satisfies(dead -> assertThat(dead.topic()).isEqualTo("requests-dlq"));
    }

    /** What Kafka Streams hands the handler about the record's origin. */
    private record Context(byte[] value) implements ErrorHandlerContext {
        @Override
        public String topic() {
            return "requests";
        }

        @Override
        public int partition() {
            return 2;
        }

        @Override
        public long offset() {
            return 17;
        }

        @Override
        public Headers headers() {
            return new RecordHeaders();
        }

        @Override
        public String processorNodeId() {
            return "source";
        }

        @Override
        public TaskId taskId() {
            return new TaskId(0, 2);
        }

        @Override
        public long timestamp() {
            return 0;
        }

        @Override
        public byte[] sourceRawKey() {
            return new byte[0];
        }

        @Override
        public byte[] sourceRawValue() {
            return value;
        }
    }
}
