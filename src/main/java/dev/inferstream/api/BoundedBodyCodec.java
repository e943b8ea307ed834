package dev.inferstream.api;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;

/**
 * Collects a response body of at most {@code maxBytes}. WebClient's own codecs buffer whatever arrives;
 * this one fails the first write that would pass the limit, which makes WebClient stop the pipe and
 * fail the call, so at most the limit plus one network chunk is ever held. WebClient then discards the
 * rest as it arrives; {@link #resetOversized} closes the stream instead, so the connection is not
 * tied up draining a body nobody reads.
 */
final class BoundedBodyCodec implements BodyCodec<Buffer> {

    private final int maxBytes;

    BoundedBodyCodec(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    public BodyStream<Buffer> stream() {
        return new Collector(maxBytes);
    }

    /**
     * A WebClient interceptor that resets the HTTP stream (HTTP/1.1: closes the connection) of a call that
     * failed for an oversized body. Vert.x marks interceptors internal API; this is its only use here.
     */
    static void resetOversized(HttpContext<?> context) {
        if (context.phase() == ClientPhase.FAILURE && context.failure() instanceof BodyTooLargeException
                && context.clientResponse() != null) {
            context.clientResponse().request().reset();
        }
        context.next();
    }

    /** The body was larger than the configured maximum. */
    static final class BodyTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(int maxBytes) {
            super("response body exceeds " + maxBytes + " bytes", null, false, false);
        }
    }

    private static final class Collector implements BodyStream<Buffer> {

        private final int maxBytes;
        private final Buffer body = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        Collector(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (result.future().isComplete()) {
                return result.future().failed() ? Future.failedFuture(result.future().cause())
                        : Future.failedFuture(new IllegalStateException("body already ended"));
            }
            if ((long) body.length() + data.length() > maxBytes) {
                BodyTooLargeException tooLarge = new BodyTooLargeException(maxBytes);
                result.tryFail(tooLarge);
                return Future.failedFuture(tooLarge);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> end() {
            result.tryComplete(body);
            return Future.succeededFuture();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Collector exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public Collector setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        /** Writes complete at once (into memory, up to the bound), so the queue is never full. */
        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public Collector drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
