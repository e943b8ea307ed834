package dev.inferstream.serde;

import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Turns registry failures into messages an operator can act on: what happened, where, and what to
 * change. Both registry clients phrase the same failure the same way, so tests and runbooks can rely
 * on one wording.
 */
final class RegistryErrors {

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int INCOMPATIBLE_SCHEMA = 409;
    static final int INVALID_SCHEMA = 42201;

    private RegistryErrors() {}

    static SerializationException subjectNotFound(String registry, String subject) {
        return new SerializationException("subject '" + subject + "' not found in schema registry " + registry
                + " (error " + SUBJECT_NOT_FOUND + "): register the schema under that subject first, or set "
                + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=true; also check the topic name");
    }

    static SerializationException versionNotFound(String registry, String subject) {
        return new SerializationException("subject '" + subject + "' has no such version in schema registry "
                + registry + " (error " + VERSION_NOT_FOUND + "): register a version first, or set "
                + AvroSerdeConfig.USE_LATEST_VERSION + "=false");
    }

    static SerializationException schemaNotRegistered(String registry, String subject) {
        return new SerializationException("the record's schema is not registered under subject '" + subject
                + "' in schema registry " + registry + " (error " + SCHEMA_NOT_FOUND + "): register this schema "
                + "version, or set " + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS + "=true");
    }

    static SerializationException unknownSchemaId(String registry, int id) {
        return new SerializationException("schema id " + id + " not found in schema registry " + registry
                + " (error " + SCHEMA_NOT_FOUND + "): the record was written against another registry; point "
                + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " at the registry its producer used");
    }

    static RegistryUnavailableException unreachable(List<String> urlsTried, Exception lastFailure) {
        return new RegistryUnavailableException("schema registry unreachable, tried " + String.join(", ", urlsTried)
                + " (last failure: " + describe(lastFailure) + "): check that the registry is running and that "
                + AvroSerdeConfig.SCHEMA_REGISTRY_URL + " is right", lastFailure);
    }

    /**
     * Failures that mean the same whatever was asked: credentials, server health, schema rejection. Only a
     * rejected schema is a verdict on what was asked; the others say the registry cannot answer now (or
     * is not a registry), so they are {@link RegistryUnavailableException}s.
     */
    static SerializationException unexpected(String action, RegistryResponse response) {
        String where = "schema registry " + response.url() + " answered HTTP " + response.status()
                + " (error " + response.errorCode() + ": " + response.message() + ") while " + action;
        if (response.status() == 401 || response.status() == 403) {
            return new RegistryUnavailableException(where + ": the registry rejected the credentials; check "
                    + AvroSerdeConfig.BASIC_AUTH_USER_INFO + " (with " + AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE
                    + "=" + AvroSerdeConfig.USER_INFO_SOURCE + ") and the user's permissions");
        }
        if (response.errorCode() == INCOMPATIBLE_SCHEMA) {
            return new SerializationException(where + ": the schema breaks the subject's compatibility rule; "
                    + "evolve it BACKWARD-compatibly (give new fields defaults, do not remove required ones)");
        }
        if (response.errorCode() == INVALID_SCHEMA) {
            return new SerializationException(where + ": the registry rejected the schema as invalid; fix the .avsc");
        }
        if (response.status() >= 500 || response.status() == 408 || response.status() == 429) {
            return new RegistryUnavailableException(where + ": the registry itself failed; check its health and logs, "
                    + "then retry");
        }
        return new RegistryUnavailableException(where + ": unexpected answer; check " + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                + " points at a Confluent-compatible schema registry");
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
