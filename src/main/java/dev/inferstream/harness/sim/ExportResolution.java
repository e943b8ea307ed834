package dev.inferstream.harness.sim;

import java.util.List;

/** What the catalogue made of a well-formed export body: what to export, or the answer refusing it. */
sealed interface ExportResolution permits ExportResolution.Resolved, Resolution.Refused {

    /** {@code layers} are the ones asked for, or all of the project's when none were named. */
    record Resolved(SimProject project, List<SimLayer> layers) implements ExportResolution {
        public Resolved {
            layers = List.copyOf(layers);
        }
    }
}
