package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Turns a raw {@code POST /v1/export/project} body into an {@link ExportBody} or the {@code 400} message. */
final class ExportBodyParser {

    sealed interface Parsed {
        record Valid(ExportBody body) implements Parsed {
        }

        record Invalid(String message) implements Parsed {
        }
    }

    private ExportBodyParser() {
    }

    static Parsed parse(String raw) {
        try {
            JsonNode root = BodyFields.object(raw);
            String project = projectIdentifier(root);
            String group = BodyFields.requiredText(root, "groupName");
            boolean schemas = flag(root, "includeSchemas");
            boolean sources = flag(root, "includeSources");
            boolean textBounds = flag(root, "includeTextBounds");
            List<Long> sourceIds = optional(root, "sourceIds")
                    .map(ids -> BodyFields.positiveIds(ids, "sourceIds")).orElse(List.of());
            List<String> layers = optional(root, "annotationLayerNames").map(ExportBodyParser::layerNames)
                    .orElse(List.of());
            return new Parsed.Valid(new ExportBody(project, group, schemas, sources, textBounds, sourceIds, layers));
        } catch (BodyFields.Invalid e) {
            return new Parsed.Invalid(e.getMessage());
        }
    }

    /** A project's name, or its integer id; kept as text, as the catalogue looks both up. */
    private static String projectIdentifier(JsonNode root) {
        JsonNode value = BodyFields.required(root, "projectIdentifier");
        boolean usable = value.isTextual() ? !value.asText().isBlank()
                : value.isIntegralNumber() && value.canConvertToLong() && value.asLong() > 0;
        if (!usable) {
            throw new BodyFields.Invalid("'projectIdentifier' must be a project id or a non-blank project name.");
        }
        return value.asText();
    }

    private static boolean flag(JsonNode root, String field) {
        JsonNode value = BodyFields.required(root, field);
        if (!value.isBoolean()) {
            throw new BodyFields.Invalid("'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    /** An optional field left out or sent as null; both mean "no restriction". */
    private static Optional<JsonNode> optional(JsonNode root, String field) {
        return Optional.ofNullable(root.get(field)).filter(value -> !value.isNull());
    }

    private static List<String> layerNames(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            throw new BodyFields.Invalid("'annotationLayerNames' must be a non-empty array of layer names.");
        }
        List<String> names = new ArrayList<>(value.size());
        for (JsonNode name : value) {
            if (!name.isTextual() || name.asText().isBlank()) {
                throw new BodyFields.Invalid("'annotationLayerNames' must hold non-blank strings, found " + name + ".");
            }
            names.add(name.asText());
        }
        return names;
    }
}
