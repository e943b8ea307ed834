package dev.inferstream.harness.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/** Turns a raw POST body into a {@link SubmitBody} or the {@code 400} message AnnoLab would answer. */
final class SubmitBodyParser {

    sealed interface Parsed {
        record Valid(SubmitBody body) implements Parsed {
        }

        record Invalid(String message) implements Parsed {
        }
    }

    private SubmitBodyParser() {
    }

    static Parsed parse(String raw) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(raw);
        } catch (JsonProcessingException e) {
            return new Parsed.Invalid("Request body is not valid JSON.");
        }
        if (root == null || !root.isObject()) {
            return new Parsed.Invalid("Request body must be a JSON object.");
        }
        try {
            String project = requiredText(root, "projectIdentifier");
            String model = requiredText(root, "modelIdentifier");
            List<Long> sourceIds = sourceIds(root);
            JsonNode layer = outputLayer(root);
            String group = requiredText(root, "groupName");
            return new Parsed.Valid(new SubmitBody(project, model, sourceIds, layer.asText(), layer.isIntegralNumber(),
                    group, fingerprint(root)));
        } catch (InvalidField e) {
            return new Parsed.Invalid(e.getMessage());
        }
    }

    private static String requiredText(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidField("'" + field + "' is required.");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidField("'" + field + "' must be a non-blank string.");
        }
        return value.asText();
    }

    private static JsonNode outputLayer(JsonNode root) {
        JsonNode value = root.get("outputLayerIdentifier");
        if (value == null || value.isNull()) {
            throw new InvalidField("'outputLayerIdentifier' is required.");
        }
        boolean usable = value.isTextual() ? !value.asText().isBlank() : value.isIntegralNumber() && value.canConvertToLong();
        if (!usable) {
            throw new InvalidField("'outputLayerIdentifier' must be a layer id or a non-blank layer name.");
        }
        return value;
    }

    private static List<Long> sourceIds(JsonNode root) {
        JsonNode value = root.get("sourceIds");
        if (value == null || value.isNull()) {
            throw new InvalidField("'sourceIds' is required.");
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidField("'sourceIds' must be a non-empty array of source ids.");
        }
        List<Long> ids = new ArrayList<>(value.size());
        for (JsonNode id : value) {
            if (!id.isIntegralNumber() || !id.canConvertToLong() || id.asLong() <= 0) {
                throw new InvalidField("'sourceIds' must hold positive integers, found " + id + ".");
            }
            ids.add(id.asLong());
        }
        return ids;
    }

    /** Keys sorted, unknown fields ignored, values exactly as sent: a retry of one request maps to one string. */
    private static String fingerprint(JsonNode root) {
        ObjectNode canonical = Json.MAPPER.createObjectNode();
        for (String field : List.of("groupName", "modelIdentifier", "outputLayerIdentifier", "projectIdentifier", "sourceIds")) {
            canonical.set(field, root.get(field));
        }
        return canonical.toString();
    }

    /** Unwinds the field checks to the one place that turns them into an answer; never leaves this class. */
    private static final class InvalidField extends RuntimeException {
        InvalidField(String message) {
            super(message, null, false, false);
        }
    }
}
