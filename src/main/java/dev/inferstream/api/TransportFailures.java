package dev.inferstream.api;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Describes why no usable response arrived, in a few words fit for a Transient cause and a log line.
 * Causes are built from exception types and messages, which never hold request headers but may quote
 * a server; each is redacted whole and then bounded.
 */
final class TransportFailures {

    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final Redactor redactor;

    TransportFailures(Duration connectTimeout, Duration callTimeout, Redactor redactor) {
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
        this.redactor = redactor;
    }

    /** The failure a call ends with when its whole exchange did not finish within the call timeout. */
    CallTimedOutException callTimedOut() {
        return new CallTimedOutException("no complete response within " + callTimeout.toMillis() + " ms");
    }

    String describe(Throwable failure) {
        return ApiText.bounded(redactor.scrub(classify(failure)));
    }

    private String classify(Throwable failure) {
        CallTimedOutException callTimedOut = find(failure, CallTimedOutException.class);
        if (callTimedOut != null) {
            return callTimedOut.getMessage();
        }
        BoundedBody.BodyTooLargeException tooLarge = find(failure, BoundedBody.BodyTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge.getMessage();
        }
        // Vert.x's only own timeout here: no connection from the pool or the network in time.
        if (find(failure, TimeoutException.class) != null) {
            return "no connection within " + connectTimeout.toMillis() + " ms";
        }
        UnknownHostException unknownHost = find(failure, UnknownHostException.class);
        if (unknownHost != null) {
            return "DNS lookup failed: " + text(unknownHost);
        }
        if (find(failure, CertificateException.class) != null
                || find(failure, CertPathValidatorException.class) != null
                || find(failure, CertPathBuilderException.class) != null) {
            return "TLS handshake failed, server certificate not trusted: " + text(rootCause(failure));
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return "TLS handshake failed: " + text(rootCause(tls));
        }
        ConnectException connect = find(failure, ConnectException.class);
        if (connect != null) {
            return "connection failed: " + text(connect);
        }
        return failure.getClass().getSimpleName() + ": " + text(failure);
    }

    private static String text(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /** The call's absolute timeout passed: connect, headers and body together took too long. */
    static final class CallTimedOutException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallTimedOutException(String message) {
            super(message, null, false, false);
        }
    }
}
