package dev.inferstream.harness.bench;

import java.util.List;
import java.util.Locale;

/** Distribution of a set of latencies in milliseconds. */
public record LatencySummary(int count, double mean, long p50, long p95, long max) {

    public static LatencySummary of(List<Long> millis) {
        if (millis.isEmpty()) {
            return new LatencySummary(0, 0, 0, 0, 0);
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return new LatencySummary(sorted.size(), sorted.stream().mapToLong(Long::longValue).average().orElse(0),
                percentile(sorted, 0.50), percentile(sorted, 0.95), sorted.get(sorted.size() - 1));
    }

    private static long percentile(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    public String line() {
        return String.format(Locale.ROOT, "n=%d mean=%.0f ms p50=%d ms p95=%d ms max=%d ms", count, mean, p50, p95, max);
    }
}
