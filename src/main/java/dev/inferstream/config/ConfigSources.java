package dev.inferstream.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Merges the optional properties file under the environment: a variable set in both wins from the environment. */
final class ConfigSources {

    private ConfigSources() {
    }

    /** The merged variables; a file that cannot be read is reported as a problem and contributes nothing. */
    static Map<String, String> merge(Map<String, String> environment, Optional<Path> file, List<String> problems) {
        Map<String, String> merged = new HashMap<>();
        file.ifPresent(path -> read(path, problems).forEach(merged::put));
        merged.putAll(environment);
        return merged;
    }

    private static Map<String, String> read(Path path, List<String> problems) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("--config " + path + " cannot be read: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
            return Map.of();
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> values.put(name, properties.getProperty(name)));
        return values;
    }
}
