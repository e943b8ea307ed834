package dev.inferstream.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the repository's deployment files for the tests that check them against the code. */
final class DeploymentFiles {

    static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private DeploymentFiles() {}

    static JsonNode yaml(String relativePath) {
        try {
            return YAML.readTree(ROOT.resolve(relativePath).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + relativePath, e);
        }
    }

    static String text(String relativePath) {
        try {
            return Files.readString(ROOT.resolve(relativePath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + relativePath, e);
        }
    }

    /** File names of every YAML file in {@code k8s/}. */
    static List<String> kubernetesFiles() {
        try (Stream<Path> files = Files.list(ROOT.resolve("k8s"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one manifest of the given kind in {@code k8s/}. */
    static JsonNode manifest(String kind) {
        List<JsonNode> found = new ArrayList<>();
        for (String file : kubernetesFiles()) {
            JsonNode node = yaml("k8s/" + file);
            if (kind.equals(node.path("kind").asText())) {
                found.add(node);
            }
        }
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " in k8s/, found " + found.size());
        }
        return found.get(0);
    }

    static List<JsonNode> manifests(String kind) {
        return kubernetesFiles().stream().map(file -> yaml("k8s/" + file))
                .filter(node -> kind.equals(node.path("kind").asText())).toList();
    }

    /** A mapping node as name → text value, keeping the file's order. */
    static Map<String, String> strings(JsonNode mapping) {
        Map<String, String> values = new LinkedHashMap<>();
        mapping.properties().forEach(field -> values.put(field.getKey(), field.getValue().asText()));
        return values;
    }

    static List<String> texts(JsonNode sequence) {
        List<String> values = new ArrayList<>();
        sequence.forEach(element -> values.add(element.asText()));
        return values;
    }

    /** The first group of {@code regex} in {@code text}, failing the test when it does not occur. */
    static String find(String text, String regex) {
        Matcher matcher = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError("no match for " + regex);
        }
        return matcher.group(1);
    }
}
