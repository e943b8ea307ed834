package dev.inferstream.bench;

import dev.inferstream.api.AnnoLabClient;
import java.nio.file.Path;
import java.util.Map;

/**
 * What every system under test shares in one run: the broker, the registry scope, the simulator (and
 * one Vert.x client for it), the plan, and a scratch directory for state.
 */
record BenchEnvironment(String bootstrapServers, Map<String, String> serdeConfig, String simBaseUrl, String apiKey,
                        AnnoLabClient client, BenchPlan plan, Path scratch) {

    BenchEnvironment {
        serdeConfig = Map.copyOf(serdeConfig);
    }
}
