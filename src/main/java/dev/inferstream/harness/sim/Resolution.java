package dev.inferstream.harness.sim;

/** What the catalog made of a well-formed submit: something to run, or the answer refusing it. */
sealed interface Resolution {

    record Resolved(SimProject project, SimModel model, SimLayer layer) implements Resolution {
    }

    /** Also refuses exports, which the catalogue turns down for the same reasons and with the same answers. */
    record Refused(int httpStatus, String message) implements Resolution, ExportResolution {
    }
}
