package dev.inferstream.cli;

/** Why a tool could not do its job, as one line the user can act on; the tool exits 1 with it. */
final class ToolFailure extends RuntimeException {

    ToolFailure(String message) {
        super(message);
    }

    ToolFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
