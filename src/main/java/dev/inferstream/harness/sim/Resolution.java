package dev.inferstream.harness.sim;

/** What the catalog made of a well-formed submit: something to run, or the answer refusing it. */
sealed interface Resolution {

    record Resolved(SimProject project, SimModel model, SimLayer layer) implements Resolution {
    }

    record Refused(int httpStatus, String message) implements Resolution {
    }
}
