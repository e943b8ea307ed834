package dev.inferstream.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Typed reads of the merged variables that record a problem and return the default instead of throwing,
 * so one pass finds every mistake. Messages quote values only for settings that are not secret.
 */
final class ConfigReader {

    private final Map<String, String> variables;
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    ConfigReader(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    /** The value, stripped; blank counts as unset so {@code FOO=} in a compose file means "default". */
    Optional<String> optional(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(value -> !value.isEmpty());
    }

    String text(String name, String defaultValue) {
        return optional(name).orElse(defaultValue);
    }

    String required(String name, String hint) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            problem(name + " is required: " + hint);
        }
        return value.orElse("");
    }

    long longInRange(String name, long defaultValue, long min, long max) {
        return parsed(name, defaultValue, Long::parseLong, "a whole number", value -> value >= min && value <= max,
                "between " + min + " and " + max);
    }

    int intInRange(String name, int defaultValue, int min, int max) {
        return (int) longInRange(name, defaultValue, min, max);
    }

    double doubleInRange(String name, double defaultValue, double min, double max) {
        return parsed(name, defaultValue, Double::parseDouble, "a number", value -> value >= min && value <= max,
                "between " + min + " and " + max);
    }

    boolean bool(String name, boolean defaultValue) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        String text = value.get().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            problem(name + " must be true or false, was \"" + value.get() + "\"");
            return defaultValue;
        }
        return Boolean.parseBoolean(text);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E defaultValue, Function<E, String> spelling) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        for (E constant : type.getEnumConstants()) {
            if (spelling.apply(constant).equals(value.get())) {
                return constant;
            }
        }
        problem(name + " must be one of " + Arrays.stream(type.getEnumConstants()).map(spelling)
                .collect(Collectors.joining("|")) + ", was \"" + value.get() + "\"");
        return defaultValue;
    }

    void problem(String line) {
        problems.add(line);
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    /** Something that works but deserves an operator's attention; never a secret. */
    void warning(String line) {
        warnings.add(line);
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private <T> T parsed(String name, T defaultValue, Function<String, T> parser, String kind,
                         Predicate<T> inRange, String range) {
        Optional<String> value = optional(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        T parsedValue;
        try {
            parsedValue = parser.apply(value.get());
        } catch (NumberFormatException e) {
            problem(name + " must be " + kind + ", was \"" + value.get() + "\"");
            return defaultValue;
        }
        if (!inRange.test(parsedValue)) {
            problem(name + " must be " + range + ", was " + value.get());
            return defaultValue;
        }
        return parsedValue;
    }
}
