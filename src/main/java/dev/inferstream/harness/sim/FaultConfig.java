package dev.inferstream.harness.sim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Per-request fault probabilities. One draw per request picks at most one fault, so the
 * probabilities must add up to at most 1 and each is exactly the share of requests it hits.
 */
public record FaultConfig(Map<FaultKind, Double> probabilities, int retryAfterSeconds, Duration slowDelay) {

    public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;
    public static final Duration DEFAULT_SLOW_DELAY = Duration.ofSeconds(2);

    public FaultConfig {
        EnumMap<FaultKind, Double> complete = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            double p = probabilities.getOrDefault(kind, 0.0);
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probability of " + kind.externalName() + " must be in [0, 1], was " + p);
            }
            complete.put(kind, p);
        }
        double sum = complete.values().stream().mapToDouble(Double::doubleValue).sum();
        if (sum > 1.0 + 1e-9) {
            throw new IllegalArgumentException("fault probabilities add up to " + sum + ", more than 1");
        }
        if (retryAfterSeconds < 0) {
            throw new IllegalArgumentException("retryAfterSeconds must not be negative");
        }
        if (slowDelay.isNegative()) {
            throw new IllegalArgumentException("slowDelay must not be negative");
        }
        probabilities = Map.copyOf(complete);
    }

    public static FaultConfig none() {
        return new FaultConfig(Map.of(), DEFAULT_RETRY_AFTER_SECONDS, DEFAULT_SLOW_DELAY);
    }

    public double probability(FaultKind kind) {
        return probabilities.get(kind);
    }

    public FaultConfig withProbability(FaultKind kind, double probability) {
        EnumMap<FaultKind, Double> changed = new EnumMap<>(probabilities);
        changed.put(kind, probability);
        return new FaultConfig(changed, retryAfterSeconds, slowDelay);
    }

    public FaultConfig withRetryAfterSeconds(int seconds) {
        return new FaultConfig(probabilities, seconds, slowDelay);
    }

    public FaultConfig withSlowDelay(Duration delay) {
        return new FaultConfig(probabilities, retryAfterSeconds, delay);
    }
}
