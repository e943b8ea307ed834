package dev.inferstream.replay;

/**
 * A replay that cannot go on for a reason the operator can fix; its message is the whole story and is
 * printed as one line, without a stack trace.
 */
public final class ReplayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReplayException(String message) {
        super(message);
    }

    public ReplayException(String message, Throwable cause) {
        super(message, cause);
    }
}
