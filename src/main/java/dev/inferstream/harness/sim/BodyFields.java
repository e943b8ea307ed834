package dev.inferstream.harness.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The field checks the API's POST bodies share, each failing with the {@code 400} message AnnoLab would answer. */
final class BodyFields {

    private BodyFields() {
    }

    /** The body as a JSON object. */
    static JsonNode object(String raw) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new Invalid("Request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new Invalid("Request body must be a JSON object.");
        }
        return root;
    }

    static JsonNode required(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new Invalid("'" + field + "' is required.");
        }
        return value;
    }

    static String requiredText(JsonNode root, String field) {
        JsonNode value = required(root, field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Invalid("'" + field + "' must be a non-blank string.");
        }
        return value.asText();
    }

    /** A non-empty array of positive ids. */
    static List<Long> positiveIds(JsonNode value, String field) {
        if (!value.isArray() || value.isEmpty()) {
            throw new Invalid("'" + field + "' must be a non-empty array of source ids.");
        }
        List<Long> ids = new ArrayList<>(value.size());
        for (JsonNode id : value) {
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
                throw new Invalid("'" + field + "' must hold positive integers, found " + id + ".");
            }
            ids.add(id.asLong());
        }
        return ids;
    }

    /**
     * Unwinds the field checks to the one place in each parser that turns them into an answer; never
     * leaves the parsers.
     */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }
}
