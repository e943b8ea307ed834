package dev.inferstream.harness.bench;

import dev.inferstream.topology.TopologySettings;

/** The plan's rate limit on top of otherwise default limits. */
final class BenchLimits {

    private BenchLimits() {}

    static TopologySettings.Limits withRate(TopologySettings.Limits limits, double callsPerSecond) {
        return limits.withInFlightAndRate(limits.maxInFlight(), callsPerSecond);
    }
}
