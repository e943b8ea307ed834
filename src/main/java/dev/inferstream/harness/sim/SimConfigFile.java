package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads a JSON config file on top of a base config: fields the file leaves out keep the base value, and
 * unknown fields are errors so a typo cannot silently fall back to a default. Example:
 * <pre>{@code
 * {
 *   "host": "127.0.0.1", "port": 8090, "apiKeys": ["sim-api-key"],
 *   "projects": [{"id": 1, "name": "demo-project", "permitted": true,
 *                 "layers": [{"id": 10, "name": "predictions"}]}],
 *   "models": [{"id": 100, "name": "fast-model", "duration": "1000..3000"},
 *              {"id": 102, "name": "stuck-model", "duration": "never"}],
 *   "erroredShare": 0.1, "queuedMillis": 250, "baseLatencyMillis": 0,
 *   "faults": {"probabilities": {"rate-limited": 0.05, "dropped": 0.01},
 *              "retryAfterSeconds": 1, "slowDelayMillis": 2000},
 *   "trailingComma": true, "seed": 42, "serverInstances": 2,
 *   "exports": {"duration": "1000..3000", "erroredShare": 0.1, "downloadUrlLifetimeSeconds": 900,
 *               "statusBase": "http://elsewhere.example:8090"}
 * }
 * }</pre>
 */
public final class SimConfigFile {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Set<String> TOP_LEVEL = Set.of("host", "port", "apiKeys", "projects", "models",
            "erroredShare", "queuedMillis", "baseLatencyMillis", "faults", "trailingComma", "seed", "serverInstances",
            "exports");

    private SimConfigFile() {
    }

    public static SimConfig read(Path file, SimConfig base) throws IOException {
        JsonNode root = MAPPER.readTree(Files.readString(file));
        try {
            return parse(root, base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    static SimConfig parse(JsonNode root, SimConfig base) {
        requireKnownFields(root, TOP_LEVEL, "config");
        SimConfig.Builder builder = base.toBuilder();
        if (root.has("host")) builder.host(text(root, "host"));
        if (root.has("port")) builder.port(integer(root, "port"));
        if (root.has("apiKeys")) builder.apiKeys(texts(root.get("apiKeys"), "apiKeys"));
        if (root.has("projects")) builder.projects(projects(root.get("projects")));
        if (root.has("models")) builder.models(models(root.get("models")));
        if (root.has("erroredShare")) builder.erroredShare(number(root, "erroredShare"));
        if (root.has("queuedMillis")) builder.queuedFor(Duration.ofMillis(integer(root, "queuedMillis")));
        if (root.has("baseLatencyMillis")) builder.baseLatency(Duration.ofMillis(integer(root, "baseLatencyMillis")));
        if (root.has("faults")) builder.faults(faults(root.get("faults"), base.faults()));
        if (root.has("trailingComma")) builder.trailingComma(bool(root, "trailingComma"));
        if (root.has("seed")) builder.seed(longInteger(root, "seed"));
        if (root.has("serverInstances")) builder.serverInstances(integer(root, "serverInstances"));
        if (root.has("exports")) exports(root.get("exports"), builder);
        return builder.build();
    }

    private static List<SimProject> projects(JsonNode array) {
        List<SimProject> projects = new ArrayList<>();
        for (JsonNode node : requireArray(array, "projects")) {
            requireKnownFields(node, Set.of("id", "name", "permitted", "layers"), "project");
            List<SimLayer> layers = new ArrayList<>();
            if (node.has("layers")) {
                for (JsonNode layer : requireArray(node.get("layers"), "layers")) {
                    requireKnownFields(layer, Set.of("id", "name"), "layer");
                    layers.add(new SimLayer(longInteger(layer, "id"), text(layer, "name")));
                }
            }
            boolean permitted = !node.has("permitted") || bool(node, "permitted");
            projects.add(new SimProject(longInteger(node, "id"), text(node, "name"), permitted, layers));
        }
        return projects;
    }

    private static List<SimModel> models(JsonNode array) {
        List<SimModel> models = new ArrayList<>();
        for (JsonNode node : requireArray(array, "models")) {
            requireKnownFields(node, Set.of("id", "name", "duration"), "model");
            models.add(new SimModel(longInteger(node, "id"), text(node, "name"), DurationSpec.parse(text(node, "duration"))));
        }
        return models;
    }

    private static FaultConfig faults(JsonNode node, FaultConfig base) {
        requireKnownFields(node, Set.of("probabilities", "retryAfterSeconds", "slowDelayMillis"), "faults");
        FaultConfig faults = base;
        if (node.has("probabilities")) {
            JsonNode probabilities = node.get("probabilities");
            Iterator<String> names = probabilities.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                faults = faults.withProbability(FaultKind.fromExternalName(name), number(probabilities, name));
            }
        }
        if (node.has("retryAfterSeconds")) faults = faults.withRetryAfterSeconds(integer(node, "retryAfterSeconds"));
        if (node.has("slowDelayMillis")) faults = faults.withSlowDelay(Duration.ofMillis(integer(node, "slowDelayMillis")));
        return faults;
    }

    private static void exports(JsonNode node, SimConfig.Builder builder) {
        requireKnownFields(node, Set.of("duration", "erroredShare", "downloadUrlLifetimeSeconds", "statusBase"), "exports");
        if (node.has("duration")) builder.exportDuration(DurationSpec.parse(text(node, "duration")));
        if (node.has("erroredShare")) builder.exportErroredShare(number(node, "erroredShare"));
        if (node.has("downloadUrlLifetimeSeconds")) {
            builder.downloadUrlLifetime(Duration.ofSeconds(longInteger(node, "downloadUrlLifetimeSeconds")));
        }
        if (node.has("statusBase")) builder.exportStatusBase(uri(text(node, "statusBase"), "statusBase"));
    }

    private static URI uri(String text, String name) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + name + "\" is not a URL: " + e.getMessage(), e);
        }
    }

    private static void requireKnownFields(JsonNode node, Set<String> known, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown " + what + " field \"" + name + "\", expected one of " + known);
            }
        });
    }

    private static JsonNode requireArray(JsonNode node, String name) {
        if (!node.isArray()) {
            throw new IllegalArgumentException(name + " must be a JSON array");
        }
        return node;
    }

    private static List<String> texts(JsonNode array, String name) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : requireArray(array, name)) {
            if (!item.isTextual()) {
                throw new IllegalArgumentException(name + " must hold strings");
            }
            texts.add(item.asText());
        }
        return texts;
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing field \"" + name + "\"");
        }
        return value;
    }

    private static String text(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string");
        }
        return value.asText();
    }

    private static long longInteger(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isIntegralNumber()) {
            throw new IllegalArgumentException("\"" + name + "\" must be an integer");
        }
        return value.asLong();
    }

    private static int integer(JsonNode node, String name) {
        return Math.toIntExact(longInteger(node, name));
    }

    private static double number(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("\"" + name + "\" must be a number");
        }
        return value.asDouble();
    }

    private static boolean bool(JsonNode node, String name) {
        JsonNode value = field(node, name);
        if (!value.isBoolean()) {
            throw new IllegalArgumentException("\"" + name + "\" must be true or false");
        }
        return value.asBoolean();
    }
}
