package dev.inferstream.service;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes ops connections that do not finish sending a request's headers within {@code headerTimeout}.
 * An idle timeout alone does not: a client that sends one header byte a second is never idle, and kept
 * connections open for minutes. Each connection is timed from when it opens, and again after each answer
 * (a kept-alive connection waiting for its next request); the timer stops when a request's headers have
 * arrived, from when the route's own timeout bounds the answer.
 */
final class SlowClients {

    private final Vertx vertx;
    private final long headerTimeoutMillis;
    private final Map<HttpConnection, Long> timers = new ConcurrentHashMap<>();

    SlowClients(Vertx vertx, Duration headerTimeout) {
        this.vertx = vertx;
        this.headerTimeoutMillis = headerTimeout.toMillis();
    }

    Handler<HttpConnection> connections() {
        return connection -> {
            arm(connection);
            connection.closeHandler(closed -> disarm(connection));
        };
    }

    /** Wraps the request handler: stops the connection's timer and starts it again once the answer is sent. */
    Handler<HttpServerRequest> requests(Handler<HttpServerRequest> next) {
        return request -> {
            HttpConnection connection = request.connection();
            disarm(connection);
            request.response().endHandler(done -> arm(connection));
            next.handle(request);
        };
    }

    private void arm(HttpConnection connection) {
        long timer = vertx.setTimer(headerTimeoutMillis, fired -> {
            timers.remove(connection);
            connection.close();
        });
        Long previous = timers.put(connection, timer);
        if (previous != null) {
            vertx.cancelTimer(previous);
        }
    }

    private void disarm(HttpConnection connection) {
        Long timer = timers.remove(connection);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }
}
