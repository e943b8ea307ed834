package dev.inferstream.state;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Input records a task has consumed but could not read yet because the schema registry gave no answer,
 * oldest first. They live in a changelogged store, so under exactly-once they are committed together
 * with the input offsets that passed them: a crash can neither lose one nor hold it twice. Key: a
 * big-endian sequence number, so the store's order is arrival order.
 */
public final class HeldRecords {

    public static final String STORE_NAME = "held";

    /** One held input record, as it came from the topic. */
    public record Held(long sequence, int partition, long offset, long timestamp, Optional<byte[]> key,
                       Optional<byte[]> value) {}

    private final KeyValueStore<Bytes, byte[]> store;
    private long nextSequence;
    private long count;

    /** Reads the store once to continue the sequence and the count where the last owner left them. */
    public HeldRecords(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> entry = all.next();
                nextSequence = Math.max(nextSequence, ByteBuffer.wrap(entry.key.get()).getLong() + 1);
                count++;
            }
        }
    }

    /** A record without a value (a tombstone) is held too, so the order of a key's records is kept. */
    public void add(int partition, long offset, long timestamp, Optional<byte[]> key, Optional<byte[]> value) {
        byte[] keyBytes = key.orElse(new byte[0]);
        byte[] valueBytes = value.orElse(new byte[0]);
        ByteBuffer encoded = ByteBuffer.allocate(Integer.BYTES + 2 * Long.BYTES + 2 * Integer.BYTES
                + keyBytes.length + valueBytes.length);
        encoded.putInt(partition).putLong(offset).putLong(timestamp)
                .putInt(key.isPresent() ? keyBytes.length : -1).put(keyBytes)
                .putInt(value.isPresent() ? valueBytes.length : -1).put(valueBytes);
        store.put(sequenceKey(nextSequence++), encoded.array());
        count++;
    }

    /** Up to {@code max} held records, oldest first. */
    public List<Held> oldest(int max) {
        List<Held> found = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext() && found.size() < max) {
                KeyValue<Bytes, byte[]> entry = all.next();
                found.add(decode(ByteBuffer.wrap(entry.key.get()).getLong(), entry.value));
            }
        }
        return found;
    }

    public void remove(Held held) {
        store.delete(sequenceKey(held.sequence()));
        count--;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public long count() {
        return count;
    }

    private static Held decode(long sequence, byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int partition = buffer.getInt();
        long offset = buffer.getLong();
        long timestamp = buffer.getLong();
        Optional<byte[]> key = lengthPrefixed(buffer);
        Optional<byte[]> value = lengthPrefixed(buffer);
        return new Held(sequence, partition, offset, timestamp, key, value);
    }

    /** -1 stands for absent (null in Kafka), which differs from present and empty. */
    private static Optional<byte[]> lengthPrefixed(ByteBuffer buffer) {
        int length = buffer.getInt();
        if (length < 0) {
            return Optional.empty();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return Optional.of(bytes);
    }

    private static Bytes sequenceKey(long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
    }
}
