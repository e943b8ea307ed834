package dev.inferstream.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Store and changelog format of {@link JobState}: Avro single-object encoding, whose header carries the
 * writer schema's fingerprint. The store is internal, so it needs no registry round trip, yet a future
 * version can still recognise and resolve values written by this one.
 */
public final class JobStateSerde implements Serde<JobState> {

    @Override
    public Serializer<JobState> serializer() {
        return (topic, job) -> {
            if (job == null) {
                return null;
            }
            try {
                ByteBuffer buffer = job.toByteBuffer();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot encode job state of " + job.getRequestId(), e);
            }
        };
    }

    @Override
    public Deserializer<JobState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return JobState.fromByteBuffer(ByteBuffer.wrap(bytes));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("cannot decode job state from " + topic
                        + ": the store holds data this version does not understand (" + e.getMessage() + ")", e);
            }
        };
    }
}
