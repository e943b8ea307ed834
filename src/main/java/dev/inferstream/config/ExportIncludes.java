package dev.inferstream.config;

import dev.inferstream.events.ExportContents;
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
public final class ExportIncludes {

    static final String SCHEMAS = "schemas";
    static final String SOURCES = "sources";
    static final String TEXT_BOUNDS = "textbounds";
    static final String NONE = "none";
    /** How a valid value is written, for messages. */
    public static final String FORMAT = "a comma-separated list of schemas, sources and textBounds, or none";

    private ExportIncludes() {
    }

    static Contents read(ConfigReader reader, String name, Contents defaults) {
        Optional<String> value = reader.optional(name);
        if (value.isEmpty()) {
            return defaults;
        }
        Optional<ExportContents> contents = parse(value.get());
        if (contents.isEmpty()) {
            reader.problem(name + " must be " + FORMAT + "; was \"" + value.get() + "\"");
            return defaults;
        }
        return new Contents(contents.get().getIncludeSchemas(), contents.get().getIncludeSources(),
                contents.get().getIncludeTextBounds());
    }

    /** The contents {@code text} names, or empty when it is not {@link #FORMAT}. */
    public static Optional<ExportContents> parse(String text) {
        List<String> words = Arrays.stream(text.split(","))
                .map(word -> word.strip().toLowerCase(Locale.ROOT))
                .filter(word -> !word.isEmpty())
                .toList();
        boolean known = words.stream().allMatch(word -> List.of(SCHEMAS, SOURCES, TEXT_BOUNDS, NONE).contains(word));
        if (words.isEmpty() || !known || words.contains(NONE) && words.size() > 1) {
            return Optional.empty();
        }
        return Optional.of(new ExportContents(words.contains(SCHEMAS), words.contains(SOURCES),
                words.contains(TEXT_BOUNDS)));
    }
}
