package dev.inferstream.harness.bench;

import java.util.OptionalLong;

/**
 * The service JVM's memory at one measuring point.
 *
 * @param heapBytes     heap in use right after a full GC ({@code jvm_memory_used_bytes{area="heap"}})
 * @param rssBytes      resident set size ({@code VmRSS}); empty where there is no {@code /proc}
 * @param peakRssBytes  the highest resident set size so far ({@code VmHWM}), ingest included
 */
public record MemoryFigures(long heapBytes, OptionalLong rssBytes, OptionalLong peakRssBytes) {}
