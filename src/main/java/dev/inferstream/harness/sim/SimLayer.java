package dev.inferstream.harness.sim;

import java.util.Objects;

/** An output layer of a project; clients name it by id or by name. */
public record SimLayer(long id, String name) {
    public SimLayer {
        Objects.requireNonNull(name, "name");
    }
}
