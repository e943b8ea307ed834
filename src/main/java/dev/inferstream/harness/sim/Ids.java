package dev.inferstream.harness.sim;

import java.util.Optional;

/** Ids in paths: anything that is not a number names nothing, and answers like a missing id. */
final class Ids {

    private Ids() {
    }

    static Optional<Long> parse(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
