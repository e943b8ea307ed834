package dev.inferstream.service;

/**
 * The instance cannot start, for a reason an operator can fix: the message is one line that says what
 * and which setting. {@code run} prints it and exits 1.
 */
public final class StartupException extends RuntimeException {

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
