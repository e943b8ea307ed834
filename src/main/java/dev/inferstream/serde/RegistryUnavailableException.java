package dev.inferstream.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * The registry gave no usable answer: it could not be reached, timed out, failed (5xx), refused the
 * credentials, or answered like something other than a schema registry. Nothing is known about the
 * record being read or written, so it must not be treated as bad: wait and ask again. Every other
 * {@link SerializationException} from a serde means the record itself cannot be read or written.
 */
public final class RegistryUnavailableException extends SerializationException {

    RegistryUnavailableException(String message) {
        super(message);
    }

    RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
