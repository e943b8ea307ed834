package dev.inferstream.quota;

import java.util.Locale;

/**
 * What {@code INFERSTREAM_RATE_LIMIT_PER_SECOND} and {@code INFERSTREAM_MAX_IN_FLIGHT} bound: the whole
 * application id (every instance together), or each instance alone.
 */
public enum QuotaScope {
    /** One quota for all instances of the application id, split among them through a Kafka topic. */
    CLUSTER,
    /** Each instance may use the whole configured limits (the behaviour before the quota was shared). */
    INSTANCE;

    /** As written in the configuration. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }
}
