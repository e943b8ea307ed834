package dev.inferstream.topology;

import java.util.Optional;

/**
 * Thrown to send one input record to the dead-letter topic through Kafka Streams' processing-exception
 * handling ({@link DeadLetterHandler}), which writes it in the same transaction as the offsets. It names
 * the record, because a tick that releases held records has no current record. {@code reason} says why,
 * for the header and the log. Not a failure of the service, so it carries no stack trace.
 */
final class DeadLetter extends RuntimeException {

    /** An input record as it came from the topic. */
    record Input(String topic, int partition, long offset, long timestamp, Optional<byte[]> key,
                 Optional<byte[]> value) {}

    private final transient Input input;

    private DeadLetter(Input input, String reason) {
        super(reason, null, false, false);
        this.input = input;
    }

    static DeadLetter of(Input input, String reason) {
        return new DeadLetter(input, reason);
    }

    Input input() {
        return input;
    }
}
