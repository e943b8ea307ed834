package dev.inferstream.harness.sim;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * A running AnnoLab simulator: a real HTTP server on {@link #baseUrl()} implementing the Model Inferences
 * endpoints, plus {@code GET /_sim/stats}, {@code POST /_sim/reset} and {@code POST /_sim/keys/rotate}.
 *
 * <pre>{@code
 * try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(SimConfig.builder().port(0).build())) {
 *     client.submit(sim.baseUrl(), ...);
 *     assertThat(sim.stats().duplicates().extraSubmissions()).isZero();
 * }
 * }</pre>
 */
public final class AnnoLabSimulator implements AutoCloseable {

    private static final Duration BLOCKING_TIMEOUT = Duration.ofSeconds(30);
    /**
     * Servers bound to port 0 each get their own random port, but Vert.x makes servers bound to the same
     * negative number share one random port. A fresh negative number per simulator keeps two simulators
     * on one Vert.x instance apart.
     */
    private static final AtomicInteger RANDOM_PORT_KEYS = new AtomicInteger();

    private final Vertx vertx;
    private final boolean ownsVertx;
    private final SimState state;
    private final int port;
    private final String deployment;

    private AnnoLabSimulator(Vertx vertx, boolean ownsVertx, SimState state, int port, String deployment) {
        this.vertx = vertx;
        this.ownsVertx = ownsVertx;
        this.state = state;
        this.port = port;
        this.deployment = deployment;
    }

    /** Starts on a Vert.x instance of its own, which {@link #stop()} closes. */
    public static Future<AnnoLabSimulator> start(SimConfig config) {
        Vertx vertx = Vertx.vertx();
        return start(vertx, true, config)
                .recover(failure -> {
                    // Not chained: callbacks of a closing Vert.x would land on a context that no longer runs.
                    vertx.close();
                    return Future.failedFuture(failure);
                });
    }

    /** Starts on the caller's Vert.x instance, which {@link #stop()} leaves running. */
    public static Future<AnnoLabSimulator> start(Vertx vertx, SimConfig config) {
        return start(vertx, false, config);
    }

    /** For tests and the CLI: {@link #start(SimConfig)} and wait. */
    public static AnnoLabSimulator startBlocking(SimConfig config) {
        return await(start(config), "start");
    }

    private static Future<AnnoLabSimulator> start(Vertx vertx, boolean ownsVertx, SimConfig config) {
        SimState state = SimState.fresh(config, InstantSource.system());
        List<SimVerticle> instances = new CopyOnWriteArrayList<>();
        int bindPort = config.port() == 0 ? RANDOM_PORT_KEYS.decrementAndGet() : config.port();
        return vertx.deployVerticle(() -> {
                    SimVerticle instance = new SimVerticle(state, bindPort);
                    instances.add(instance);
                    return instance;
                }, new DeploymentOptions().setInstances(config.serverInstances()))
                .compose(id -> {
                    // The instances must share one socket, or only some of them would ever see requests.
                    Set<Integer> ports = instances.stream().map(SimVerticle::actualPort).collect(Collectors.toSet());
                    if (ports.size() != 1) {
                        return vertx.undeploy(id).transform(undeployed -> Future.failedFuture(
                                new IllegalStateException("server instances bound different ports " + ports)));
                    }
                    return Future.succeededFuture(new AnnoLabSimulator(vertx, ownsVertx, state, ports.iterator().next(), id));
                });
    }

    public int port() {
        return port;
    }

    /**
     * For example {@code http://127.0.0.1:8090}, without a trailing slash. A server bound to every interface
     * is reached through loopback, since {@code 0.0.0.0} is no address a client can call.
     */
    public String baseUrl() {
        String host = state.config().host();
        String reachable = switch (host) {
            case "0.0.0.0" -> "127.0.0.1";
            case "::", "[::]" -> "[::1]";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
        String scheme = state.config().tls().isPresent() ? "https" : "http";
        return scheme + "://" + reachable + ":" + port;
    }

    public SimConfig config() {
        return state.config();
    }

    public SimStats stats() {
        return state.snapshot();
    }

    /** The counters of {@link #stats()} without copying the jobs. */
    public SimCounts counts() {
        return state.stats().counts();
    }

    /**
     * Rotates an API key as AnnoLab's key management does: {@code replacement} signs for the same account
     * from now on (and sees its jobs); {@code old} stays accepted for {@code grace}, then answers 401.
     * {@link Duration#ZERO} rotates at once.
     *
     * @throws IllegalArgumentException when {@code old} is not accepted now
     */
    public void rotateKey(String old, String replacement, Duration grace) {
        state.keys().rotate(old, replacement, grace);
    }

    /** Stops accepting {@code key} at once (a revoked key): its calls answer 401. */
    public void revokeKey(String key) {
        state.keys().revoke(key);
    }

    /** Forgets all jobs and counters; job ids keep counting up. */
    public void reset() {
        state.reset();
    }

    public Future<Void> stop() {
        if (ownsVertx) {
            return vertx.close();
        }
        return vertx.undeploy(deployment);
    }

    /** {@link #stop()} and wait. */
    @Override
    public void close() {
        await(stop(), "stop");
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(BLOCKING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the simulator to " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("simulator did not " + what + " within " + BLOCKING_TIMEOUT, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("simulator failed to " + what + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
