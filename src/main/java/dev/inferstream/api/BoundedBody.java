package dev.inferstream.api;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;

/**
 * Reads a response body of at most {@code maxBytes}. A larger one, announced by Content-Length or
 * found while reading, fails the read and resets the stream (HTTP/1.1: closes the connection), so at
 * most the limit plus one network chunk is ever held and the connection is not tied up draining a body
 * nobody reads.
 */
final class BoundedBody {

    private BoundedBody() {}

    static Future<Buffer> read(HttpClientResponse response, int maxBytes) {
        Promise<Buffer> result = Promise.promise();
        if (announcedLength(response) > maxBytes) {
            tooLarge(response, maxBytes, result);
            return result.future();
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (result.future().isComplete()) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxBytes) {
                tooLarge(response, maxBytes, result);
            } else {
                body.appendBuffer(chunk);
            }
        });
        response.exceptionHandler(result::tryFail);
        response.endHandler(ended -> result.tryComplete(body));
        return result.future();
    }

    private static long announcedLength(HttpClientResponse response) {
        String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || !length.matches("\\d{1,18}")) {
            return -1;
        }
        return Long.parseLong(length);
    }

    private static void tooLarge(HttpClientResponse response, int maxBytes, Promise<Buffer> result) {
        result.tryFail(new BodyTooLargeException(maxBytes));
        response.request().reset();
    }

    /** The body was larger than the configured maximum. */
    static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int maxBytes) {
            super("response body exceeds " + maxBytes + " bytes", null, false, false);
        }
    }
}
