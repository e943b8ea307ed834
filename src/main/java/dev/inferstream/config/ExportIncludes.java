package dev.inferstream.config;

import dev.inferstream.topology.TopologySettings.Contents;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code INFERSTREAM_EXPORT_INCLUDE}: what an export includes when a request does not say, as a
 * comma-separated list of {@code schemas}, {@code sources} and {@code textBounds} (any case), or
 * {@code none}.
 */
final class ExportIncludes {

    static final String SCHEMAS = "schemas";
    static final String SOURCES = "sources";
    static final String TEXT_BOUNDS = "textbounds";
    static final String NONE = "none";

    private ExportIncludes() {
    }

    static Contents read(ConfigReader reader, String name, Contents defaults) {
        Optional<String> value = reader.optional(name);
        if (value.isEmpty()) {
            return defaults;
        }
        List<String> words = Arrays.stream(value.get().split(","))
                .map(word -> word.strip().toLowerCase(Locale.ROOT))
                .filter(word -> !word.isEmpty())
                .toList();
        List<String> unknown = words.stream()
                .filter(word -> !List.of(SCHEMAS, SOURCES, TEXT_BOUNDS, NONE).contains(word))
                .toList();
        if (words.isEmpty() || !unknown.isEmpty() || words.contains(NONE) && words.size() > 1) {
            reader.problem(name + " must be a comma-separated list of schemas, sources and textBounds, or none; was \""
                    + value.get() + "\"");
            return defaults;
        }
        return new Contents(words.contains(SCHEMAS), words.contains(SOURCES), words.contains(TEXT_BOUNDS));
    }
}
