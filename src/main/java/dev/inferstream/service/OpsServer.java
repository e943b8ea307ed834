package dev.inferstream.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.TimeoutHandler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ops HTTP endpoints of one instance (docs/architecture.md, "Operations surface"): liveness, readiness, Prometheus
 * metrics and the job lookup. Starting it also binds the Kafka Streams and JVM meters to the registry.
 *
 * <p>For the run command: {@code OpsServer.start(vertx, port, service, registry)} after the service
 * has started, {@code close()} before closing the service. The service's {@code application.server}
 * must name this server's advertised host and port for {@code /jobs} to find keys on other instances.
 */
public final class OpsServer implements AutoCloseable {

    public static final String LIVE = "/health/live";
    public static final String READY = "/health/ready";
    public static final String METRICS = "/metrics";
    public static final String JOBS = "/jobs/:requestId";
    /** Every route, for checks that deployment files probe and scrape paths that exist. */
    public static final List<String> ROUTES = List.of(LIVE, READY, METRICS, JOBS);

    /** What {@link PrometheusMeterRegistry#scrape()} writes: the classic Prometheus text format. */
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    /** A request's headers must arrive within this, or the connection is closed. */
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    /** A routed request is answered within this (503 otherwise); a forward to a peer takes at most 5 s. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** A connection with no traffic at all is closed after this. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * Where the ops server listens, and the bearer token {@code /jobs} requires when set: job states show
     * request contents and the API's error text, which not every caller that may probe health should see.
     */
    public record Options(String host, int port, Optional<String> jobsToken) {
        public static Options allInterfaces(int port) {
            return new Options("0.0.0.0", port, Optional.empty());
        }
    }

    private final HttpServer server;
    private final WebClient peers;
    private final OpsMeters meters;

    private OpsServer(HttpServer server, WebClient peers, OpsMeters meters) {
        this.server = server;
        this.peers = peers;
        this.meters = meters;
    }

    /**
     * Binds all interfaces on {@code port} (0 picks a free one) and waits until the server listens.
     * Call it from a plain thread, not an event loop.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static OpsServer start(Vertx vertx, int port, InferstreamService service, PrometheusMeterRegistry registry) {
        return start(vertx, Options.allInterfaces(port), service, registry);
    }

    /**
     * Binds {@code options.host()} on {@code options.port()} (0 picks a free one) and waits until the server
     * listens. Call it from a plain thread, not an event loop.
     *
     * @throws IllegalStateException when the port cannot be bound
     */
    public static OpsServer start(Vertx vertx, Options options, InferstreamService service,
                                  PrometheusMeterRegistry registry) {
        OpsMeters meters = OpsMeters.bind(registry, service);
        WebClient peers = WebClient.create(vertx);
        Router router = Router.router(vertx);
        router.route().handler(TimeoutHandler.create(ANSWER_TIMEOUT.toMillis()));
        router.get(LIVE).handler(ctx -> JsonAnswers.send(ctx, 200, new JsonObject().put("status", "UP")));
        router.get(READY).handler(ctx -> {
            Readiness readiness = Readiness.of(service);
            JsonAnswers.send(ctx, readiness.httpStatus(), readiness.toJson());
        });
        // Scraping walks every meter; with Kafka's hundreds of them that is worth keeping off the event loop.
        router.get(METRICS).blockingHandler(ctx -> scrape(ctx, registry), false);
        options.jobsToken().ifPresent(token -> router.get(JOBS).handler(new BearerToken(token)));
        router.get(JOBS).handler(new JobsHandler(vertx, new JobOwners(service.streams(), service.advertisedServer()),
                new LocalJobs(service.streams()), peers));
        SlowClients slowClients = new SlowClients(vertx, HEADER_TIMEOUT);
        Future<HttpServer> listening = vertx.createHttpServer(new HttpServerOptions()
                        .setPort(options.port())
                        .setHost(options.host())
                        .setIdleTimeout((int) IDLE_TIMEOUT.toSeconds())
                        .setIdleTimeoutUnit(TimeUnit.SECONDS))
                .connectionHandler(slowClients.connections())
                .requestHandler(slowClients.requests(router))
                .listen();
        try {
            return new OpsServer(listening.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), peers, meters);
        } catch (TimeoutException | RuntimeException e) {
            peers.close();
            meters.close();
            throw new IllegalStateException("ops HTTP server could not listen on " + options.host() + ":"
                    + options.port() + ": " + e.getMessage(), e);
        }
    }

    private static void scrape(RoutingContext ctx, PrometheusMeterRegistry registry) {
        ctx.response()
                .putHeader("Content-Type", PROMETHEUS_TEXT)
                .end(registry.scrape());
    }

    /** The port it listens on: the one asked for, or the one picked for 0. */
    public int port() {
        return server.actualPort();
    }

    /** Stops listening and unbinds the meters it bound; waits for the server to close. */
    @Override
    public void close() {
        try {
            server.close().await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("ops HTTP server did not close within " + START_TIMEOUT, e);
        } finally {
            peers.close();
            meters.close();
        }
    }
}
