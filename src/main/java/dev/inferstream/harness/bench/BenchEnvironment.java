package dev.inferstream.harness.bench;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.topology.StreamsProperties;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
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

    /** A fresh state directory for one system, so no system restores another's stores. */
    Path stateDir(String slug) throws IOException {
        return Files.createTempDirectory(scratch, slug);
    }

    /** Streams settings for one system: application id {@code bench-<slug>} on its own state directory. */
    Properties streamsProperties(String slug, TopologySettings.Topics topics, Map<String, String> overrides)
            throws IOException {
        return StreamsProperties.of("bench-" + slug, bootstrapServers, stateDir(slug), topics, overrides);
    }
}
