package dev.inferstream.topology;

/** Whether a decoded request may become a job. */
public sealed interface Validation {

    record Valid() implements Validation {}

    /** The first broken rule: the field at fault and a message that names it. */
    record Invalid(String field, String message) implements Validation {}

    Validation VALID = new Valid();
}
