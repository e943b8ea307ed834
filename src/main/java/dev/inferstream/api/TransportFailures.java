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
 * Causes are built from exception types and messages only, which never hold request headers.
 */
final class TransportFailures {

    private static final int MAX_MESSAGE_CHARS = 200;

    private final Duration requestTimeout;
    private final Redactor redactor;

    TransportFailures(Duration requestTimeout, Redactor redactor) {
        this.requestTimeout = requestTimeout;
        this.redactor = redactor;
    }

    String describe(Throwable failure) {
        return redactor.scrub(classify(failure));
    }

    private String classify(Throwable failure) {
        BoundedBodyCodec.BodyTooLargeException tooLarge = find(failure, BoundedBodyCodec.BodyTooLargeException.class);
        if (tooLarge != null) {
            return tooLarge.getMessage();
        }
        if (find(failure, TimeoutException.class) != null) {
            return "no response within " + requestTimeout.toMillis() + " ms";
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
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return message.length() > MAX_MESSAGE_CHARS ? message.substring(0, MAX_MESSAGE_CHARS) + "…" : message;
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
}
