package dev.inferstream.api;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A real HTTP server on a free loopback port that answers whatever the test scripts, and records what
 * it received. Scripts run on the server's event loop once the request body has arrived.
 */
final class ScriptedServer implements AutoCloseable {

    /** One request as the server saw it. Header names are lower-cased. */
    record Received(HttpMethod method, String path, Map<String, String> headers, String body, HttpVersion version) {}

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final String scheme;
    private volatile BiConsumer<HttpServerRequest, Buffer> script =
            (request, body) -> request.response().setStatusCode(500).end("unscripted");

    private ScriptedServer(Vertx vertx, HttpServerOptions options, String scheme) throws Exception {
        this.scheme = scheme;
        this.server = vertx.createHttpServer(options.setPort(0).setHost("localhost"))
                .requestHandler(request -> request.body().onSuccess(body -> {
                    received.add(new Received(request.method(), request.path(), headers(request),
                            body.toString(), request.version()));
                    script.accept(request, body);
                }))
                .listen()
                .await(10, TimeUnit.SECONDS);
    }

    static ScriptedServer plain(Vertx vertx) throws Exception {
        return new ScriptedServer(vertx, new HttpServerOptions(), "http");
    }

    /** TLS with ALPN, so clients that offer h2 get HTTP/2. */
    static ScriptedServer tls(Vertx vertx, KeyCertOptions certificate) throws Exception {
        return new ScriptedServer(vertx, new HttpServerOptions().setSsl(true).setUseAlpn(true)
                .setKeyCertOptions(certificate), "https");
    }

    /** Every request gets this status, body and headers (name, value, name, value…). */
    ScriptedServer answer(int status, String body, String... headerPairs) {
        return script((request, ignored) -> {
            for (int i = 0; i < headerPairs.length; i += 2) {
                request.response().putHeader(headerPairs[i], headerPairs[i + 1]);
            }
            request.response().setStatusCode(status).end(body);
        });
    }

    ScriptedServer script(BiConsumer<HttpServerRequest, Buffer> script) {
        this.script = script;
        return this;
    }

    URI baseUrl() {
        return URI.create(scheme + "://localhost:" + server.actualPort());
    }

    int port() {
        return server.actualPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    private static Map<String, String> headers(HttpServerRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(Locale.ROOT),
                header.getValue()));
        return headers;
    }

    @Override
    public void close() throws Exception {
        server.close().await(10, TimeUnit.SECONDS);
    }
}
