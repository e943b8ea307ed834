package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.List;

/**
 * The sustained phase: a constant offered rate in rising steps, each held for {@code settle} (not
 * measured: the jobs of the new rate reach a steady state, since the longest job takes 5 s) and then
 * measured over {@code window}. Steps stop at the first one the system visibly falls behind in.
 *
 * @param rates  requests per second offered at each step, ascending
 * @param settle how long each step runs before its window opens
 * @param window how long each step is measured
 */
public record SustainedPlan(List<Integer> rates, Duration settle, Duration window) {

    public SustainedPlan {
        rates = List.copyOf(rates);
        if (rates.isEmpty() || rates.stream().anyMatch(rate -> rate < 1)) {
            throw new IllegalArgumentException("a sustained phase needs positive rates, was " + rates);
        }
        for (int i = 1; i < rates.size(); i++) {
            if (rates.get(i) <= rates.get(i - 1)) {
                throw new IllegalArgumentException("rates must rise step by step, was " + rates);
            }
        }
        if (window.isNegative() || window.isZero() || settle.isNegative()) {
            throw new IllegalArgumentException("a step needs a positive window and a settle time of at least zero");
        }
    }

    /** 10 s windows after 5 s of settling, to 3,500 requests/s. */
    static SustainedPlan quick() {
        return new SustainedPlan(List.of(750, 1_500, 2_500, 3_500), Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    /** The 30 s windows, each after 10 s of settling, in steps of 500 requests/s to 4,000. */
    static SustainedPlan full() {
        return new SustainedPlan(List.of(500, 1_000, 1_500, 2_000, 2_500, 3_000, 3_500, 4_000), Duration.ofSeconds(10),
                Duration.ofSeconds(30));
    }
}
