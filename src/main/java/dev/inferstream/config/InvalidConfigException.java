package dev.inferstream.config;

import java.util.List;

/** Every problem found in one configuration, one line each, naming the variable and never a secret. */
public final class InvalidConfigException extends RuntimeException {

    private final List<String> problems;

    InvalidConfigException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
