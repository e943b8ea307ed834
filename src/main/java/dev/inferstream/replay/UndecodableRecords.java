package dev.inferstream.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Records a replay skipped because they can never be decoded, per partition, with the first offsets and
 * the first reason, so someone can look at them ({@code kafka-console-consumer --partition P --offset O}).
 */
public final class UndecodableRecords {

    static final int OFFSETS_SHOWN = 5;

    private record Partition(List<Long> firstOffsets, String firstReason, long[] count) {}

    private final Map<Integer, Partition> byPartition = new TreeMap<>();

    void add(int partition, long offset, String reason) {
        Partition seen = byPartition.computeIfAbsent(partition, p -> new Partition(new ArrayList<>(), reason, new long[1]));
        seen.count()[0]++;
        if (seen.firstOffsets().size() < OFFSETS_SHOWN) {
            seen.firstOffsets().add(offset);
        }
    }

    public long total() {
        return byPartition.values().stream().mapToLong(p -> p.count()[0]).sum();
    }

    /** One line per partition that had any; none when all decoded. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        byPartition.forEach((partition, seen) -> lines.add(String.format(Locale.ROOT,
                "partition %d: skipped %d undecodable record(s), first at offset(s) %s; first reason: %s",
                partition, seen.count()[0], seen.firstOffsets(), seen.firstReason())));
        return lines;
    }
}
