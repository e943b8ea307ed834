package dev.inferstream.replay;

import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Everything one replay run needs, resolved from the command line.
 *
 * @param sourceTopic    the topic scanned (the source's configured name)
 * @param requestedTopic where replayed requests are published
 * @param serdeConfig    serde settings, at least {@code schema.registry.url}
 * @param rate           records per second at most; empty for no cap
 * @param strict         stop at the first record that cannot be decoded, instead of skipping and counting it
 */
public record ReplayPlan(String bootstrapServers, Map<String, String> serdeConfig, ReplaySource source,
                         String sourceTopic, String requestedTopic, Instant since, Instant until, ReplayFilter filter,
                         ReplayOverrides overrides, ReplayIds ids, boolean dryRun, OptionalDouble rate,
                         boolean strict) {

    public ReplayPlan {
        serdeConfig = Map.copyOf(serdeConfig);
        filter.requireFitsSource(source);
        if (rate.isPresent() && !(rate.getAsDouble() > 0)) {
            throw new ReplayException("--rate must be greater than 0, was " + rate.getAsDouble());
        }
    }
}
