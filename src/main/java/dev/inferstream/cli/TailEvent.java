package dev.inferstream.cli;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import java.time.Instant;
import java.util.Map;

/** One record {@code tail} read, decoded as far as its topic allows. */
sealed interface TailEvent {

    /** Where the record was: topic, partition and offset, and the record's timestamp. */
    record Position(String topic, int partition, long offset, Instant timestamp) {
        @Override
        public String toString() {
            return topic + " " + partition + ":" + offset;
        }
    }

    Position position();

    /** The record key as text (a request id), or a description of bytes that are not text. */
    String key();

    record Completed(Position position, String key, InferenceCompleted event) implements TailEvent {}

    record Failed(Position position, String key, InferenceFailed event) implements TailEvent {}

    /**
     * An input record Kafka Streams could not decode, copied to the dead-letter topic with headers that
     * say why ({@code __streams.errors.*}).
     */
    record DeadLetter(Position position, String key, int valueBytes, Map<String, String> errorHeaders)
            implements TailEvent {}

    /** A record of the completed or failed topic that is not a readable event of that topic. */
    record Unreadable(Position position, String key, String problem) implements TailEvent {}
}
