package dev.inferstream.quota;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The share topic's record format: the member id as the key (UTF-8), the rest as a versioned binary value.
 * Reports matter for seconds only, so the format carries no schema. A later version may only append
 * fields, and a reader takes the fields it knows from any version: instances in a rolling upgrade must
 * compute shares from the same reports.
 */
final class ShareReportCodec {

    static final byte VERSION = 1;
    /** More partitions than a Kafka topic can sensibly have: a bigger count means the bytes are not ours. */
    private static final int MAX_PARTITIONS = 1 << 16;

    private ShareReportCodec() {
    }

    static byte[] key(String member) {
        return member.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] value(ShareReport report) {
        ByteBuffer buffer = ByteBuffer.allocate(1 + 8 + 4 + 4 + 4 * report.partitions().size() + 8 + 8 + 4);
        buffer.put(VERSION).putLong(report.slot()).putInt(report.partitionCount())
                .putInt(report.partitions().size());
        report.partitions().stream().sorted().forEach(buffer::putInt);
        buffer.putDouble(report.demand()).putDouble(report.callsPerSecond()).putInt(report.maxInFlight());
        return buffer.array();
    }

    /**
     * The report, or empty for a tombstone (an instance that left), an unknown version or bytes that are
     * not a report: whoever wrote them, they must not stop the others from sharing.
     */
    static Optional<ShareReport> decode(byte[] key, byte[] value) {
        if (key == null || value == null || value.length == 0 || value[0] < VERSION) {
            return Optional.empty();
        }
        try {
            ByteBuffer buffer = ByteBuffer.wrap(value, 1, value.length - 1);
            long slot = buffer.getLong();
            int partitionCount = buffer.getInt();
            int size = buffer.getInt();
            if (size < 0 || size > MAX_PARTITIONS) {
                return Optional.empty();
            }
            Set<Integer> partitions = new HashSet<>();
            for (int i = 0; i < size; i++) {
                partitions.add(buffer.getInt());
            }
            double demand = buffer.getDouble();
            double callsPerSecond = buffer.getDouble();
            int maxInFlight = buffer.getInt();
            if (value[0] == VERSION && buffer.hasRemaining()) {
                return Optional.empty();
            }
            return Optional.of(new ShareReport(new String(key, StandardCharsets.UTF_8), slot, partitionCount,
                    partitions, demand, callsPerSecond, maxInFlight));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
