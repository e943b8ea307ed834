package dev.inferstream.harness.sim;

import java.util.Objects;

/** A model clients can run, with how long its jobs take. */
public record SimModel(long id, String name, DurationSpec duration) {
    public SimModel {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(duration, "duration");
    }
}
