package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
        try {
            JsonNode root = BodyFields.object(raw);
            String project = BodyFields.requiredText(root, "projectIdentifier");
            String model = BodyFields.requiredText(root, "modelIdentifier");
            List<Long> sourceIds = BodyFields.positiveIds(BodyFields.required(root, "sourceIds"), "sourceIds");
            JsonNode layer = outputLayer(root);
            String group = BodyFields.requiredText(root, "groupName");
            return new Parsed.Valid(new SubmitBody(project, model, sourceIds, layer.asText(), layer.isIntegralNumber(),
                    group, fingerprint(root)));
        } catch (BodyFields.Invalid e) {
            return new Parsed.Invalid(e.getMessage());
        }
    }

    private static JsonNode outputLayer(JsonNode root) {
        JsonNode value = BodyFields.required(root, "outputLayerIdentifier");
        boolean usable = value.isTextual() ? !value.asText().isBlank() : value.isIntegralNumber() && value.canConvertToLong();
        if (!usable) {
            throw new BodyFields.Invalid("'outputLayerIdentifier' must be a layer id or a non-blank layer name.");
        }
        return value;
    }

    /** Keys sorted, unknown fields ignored, values exactly as sent: a retry of one request maps to one string. */
    private static String fingerprint(JsonNode root) {
        ObjectNode canonical = Json.MAPPER.createObjectNode();
        for (String field : List.of("groupName", "modelIdentifier", "outputLayerIdentifier", "projectIdentifier", "sourceIds")) {
            canonical.set(field, root.get(field));
        }
        return canonical.toString();
    }
}
