package dev.inferstream.service;

import dev.inferstream.config.EnvNames;
import java.util.List;

/** The configuration variables Inferstream reads, as the deployment-file tests see them. */
final class ReadEnvNames {

    static final String KAFKA_PREFIX = "KAFKA_";

    static final List<String> ALL = EnvNames.ALL;

    private ReadEnvNames() {}

    /** A name Inferstream reads itself, or one it passes through to Kafka. */
    static boolean isRead(String name) {
        return ALL.contains(name) || name.startsWith(KAFKA_PREFIX) && name.length() > KAFKA_PREFIX.length();
    }
}
