package dev.inferstream.quota;

/** The cluster-wide quota cannot start: the message is one line that says what to fix. */
public final class QuotaSetupException extends RuntimeException {

    QuotaSetupException(String message) {
        super(message);
    }
}
