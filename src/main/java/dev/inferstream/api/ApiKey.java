package dev.inferstream.api;

import java.util.Objects;

/** The AnnoLab API key. Its text is reachable only through {@link #reveal()}, never through toString. */
public final class ApiKey {

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    public static ApiKey of(String value) {
        Objects.requireNonNull(value, "api key");
        String trimmed = value.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("the API key is empty");
        }
        return new ApiKey(trimmed);
    }

    /** The secret itself, for the Authorization header and nothing else. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && key.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[redacted]";
    }
}
