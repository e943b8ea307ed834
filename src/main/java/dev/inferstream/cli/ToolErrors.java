package dev.inferstream.cli;

import dev.inferstream.config.EnvNames;
import dev.inferstream.serde.AvroSerdeConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

/**
 * Failures of the tools as one line: the messages along the cause chain, each once, and the serde's
 * setting names said the way a tool user sets them (a flag or a variable, not a Kafka property).
 */
final class ToolErrors {

    private static final String REGISTRY_SETTING = "--schema-registry-url (or " + EnvNames.SCHEMA_REGISTRY_URL + ")";
    private static final String CREDENTIALS_SETTING = EnvNames.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;

    private ToolErrors() {
    }

    static String oneLine(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ExecutionException) {
                continue;
            }
            String message = cause.getMessage();
            String part = message == null || message.isBlank() ? cause.getClass().getSimpleName() : message.strip();
            // Wrappers often repeat their cause's message; a cause without a message adds only its type.
            if (parts.stream().noneMatch(seen -> seen.contains(part))) {
                parts.add(part);
            }
        }
        return inToolTerms(String.join(": ", parts));
    }

    /** The registry clients name Confluent's properties; a tool user sets a flag or a variable instead. */
    static String inToolTerms(String message) {
        return message
                .replace(AvroSerdeConfig.BASIC_AUTH_USER_INFO + " (with " + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                        + "=" + AvroSerdeConfig.USER_INFO_SOURCE + ")", CREDENTIALS_SETTING)
                .replace(AvroSerdeConfig.SCHEMA_REGISTRY_URL, REGISTRY_SETTING);
    }
}
