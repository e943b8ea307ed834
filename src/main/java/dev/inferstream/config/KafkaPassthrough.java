package dev.inferstream.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** {@code KAFKA_SECURITY_PROTOCOL=SSL} becomes {@code security.protocol=SSL} for Kafka Streams and its clients. */
final class KafkaPassthrough {

    private KafkaPassthrough() {
    }

    static Map<String, String> from(Map<String, String> variables) {
        Map<String, String> properties = new TreeMap<>();
        variables.forEach((name, value) -> {
            if (name.startsWith(EnvNames.KAFKA_PREFIX) && name.length() > EnvNames.KAFKA_PREFIX.length()) {
                properties.put(propertyName(name), value);
            }
        });
        return properties;
    }

    static String propertyName(String variable) {
        return variable.substring(EnvNames.KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Values of settings like {@code sasl.jaas.config} or {@code ssl.key.password} must not reach logs. */
    static boolean isSecret(String property) {
        return property.contains("password") || property.contains("jaas") || property.contains("secret")
                || property.endsWith(".key") || property.contains("credentials") || property.contains("user.info")
                || property.contains("token");
    }
}
