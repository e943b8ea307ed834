package dev.inferstream.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent wire format: magic byte 0, a big-endian schema id, then the Avro binary body. Kept in
 * one place so producers and consumers of other stacks (Confluent's own serdes included) agree byte
 * for byte.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_LENGTH = 1 + Integer.BYTES;

    private WireFormat() {}

    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** Validates the header and returns its schema id; the Avro body starts at {@link #HEADER_LENGTH}. */
    public static int schemaId(byte[] payload) {
        if (payload.length < HEADER_LENGTH) {
            throw new SerializationException("payload of " + payload.length + " byte(s) is shorter than the "
                    + HEADER_LENGTH + "-byte Confluent wire-format header (magic byte + schema id): "
                    + "the producer did not use a Confluent-compatible Avro serializer");
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "not Confluent Avro wire format: first byte was 0x%02x, expected 0x00; "
                            + "the producer did not use a Confluent-compatible Avro serializer "
                            + "(or this topic holds another format)", magic));
        }
        return buffer.getInt();
    }
}
