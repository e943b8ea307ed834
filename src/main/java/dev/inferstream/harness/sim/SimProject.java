package dev.inferstream.harness.sim;

import java.util.List;
import java.util.Objects;

/**
 * A project the simulator knows. {@code permitted = false} models a key that lacks the
 * "Model Run" permission there: submits answer {@code 403}.
 */
public record SimProject(long id, String name, boolean permitted, List<SimLayer> layers) {
    public SimProject {
        Objects.requireNonNull(name, "name");
        layers = List.copyOf(layers);
    }
}
