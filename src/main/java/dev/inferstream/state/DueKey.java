package dev.inferstream.state;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * One entry of the due index: lane byte, big-endian due time in epoch millis, then the requestId.
 * Big-endian non-negative millis sort bytewise in time order, so RocksDB's lexicographic order is
 * lane, then due time, then requestId.
 */
public record DueKey(Lane lane, long dueAt, String requestId) {

    private static final int HEADER = 1 + Long.BYTES;

    public DueKey {
        if (dueAt < 0) {
            throw new IllegalArgumentException("dueAt must not be negative: " + dueAt);
        }
    }

    public Bytes encode() {
        byte[] id = requestId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(HEADER + id.length)
                .put(lane.prefix())
                .putLong(dueAt)
                .put(id)
                .array());
    }

    public static DueKey decode(Bytes bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes.get());
        Lane lane = Lane.fromPrefix(buffer.get());
        long dueAt = buffer.getLong();
        String requestId = StandardCharsets.UTF_8.decode(buffer).toString();
        return new DueKey(lane, dueAt, requestId);
    }

    /** The smallest key greater than this one: a zero byte appended sorts right after it. */
    Bytes justAfter() {
        byte[] encoded = encode().get();
        return Bytes.wrap(java.util.Arrays.copyOf(encoded, encoded.length + 1));
    }

    /** Lowest possible key of a lane. */
    static Bytes laneStart(Lane lane) {
        return Bytes.wrap(new byte[] {lane.prefix()});
    }

    /**
     * A key greater than every entry of the lane due at or before {@code now} and smaller than every
     * entry due later: no stored key has an empty requestId, so {@code [lane][now+1]} itself never exists.
     */
    static Bytes dueBound(Lane lane, long now) {
        return dueFrom(lane, now + 1);
    }

    /** A key smaller than every entry of the lane due at or after {@code dueAt} and greater than every entry due earlier. */
    static Bytes dueFrom(Lane lane, long dueAt) {
        return Bytes.wrap(ByteBuffer.allocate(HEADER).put(lane.prefix()).putLong(dueAt).array());
    }
}
