package dev.inferstream.topology;

import java.util.OptionalLong;

/** Avro's optional fields are nullable boxes; the API speaks in Optionals. This is where they meet. */
final class Nullables {

    private Nullables() {}

    static Long boxed(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
