package dev.inferstream.replay;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Everything one replay run needs, resolved from the command line.
 *
 * @param kafkaProperties Kafka client settings besides the bootstrap servers (security, as for the service)
 * @param sourceTopic    the topic scanned (the source's configured name)
 * @param requestedTopic where replayed requests are published
 * @param serdeConfig    serde settings, at least {@code schema.registry.url}
 * @param rate           records per second at most; empty for no cap
 * @param strict         stop at the first record that cannot be decoded, instead of skipping and counting it
 */
public record ReplayPlan(String bootstrapServers, Map<String, String> kafkaProperties,
                         Map<String, String> serdeConfig, ReplaySource source,
                         String sourceTopic, String requestedTopic, Instant since, Instant until, ReplayFilter filter,
                         ReplayOverrides overrides, ReplayIds ids, boolean dryRun, OptionalDouble rate,
                         boolean strict) {

    public ReplayPlan {
        kafkaProperties = Map.copyOf(kafkaProperties);
        serdeConfig = Map.copyOf(serdeConfig);
        filter.requireFitsSource(source);
        if (rate.isPresent() && !(rate.getAsDouble() > 0)) {
            throw new ReplayException("--rate must be greater than 0, was " + rate.getAsDouble());
        }
    }

    /** Settings for a Kafka client of this replay: the service's connection settings, then the client's own. */
    Map<String, Object> clientConfig(Map<String, Object> own) {
        Map<String, Object> config = new HashMap<>(kafkaProperties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.putAll(own);
        return config;
    }
}
