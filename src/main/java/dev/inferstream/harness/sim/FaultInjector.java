package dev.inferstream.harness.sim;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * First API handler: waits the base latency, then either injects one fault or passes the request on.
 * Delays use timers on the request's own event loop, never a sleeping thread. The draw is keyed by the
 * request's sequence number, so with one seed the n-th API request meets the same fault in every run.
 */
final class FaultInjector implements Handler<RoutingContext> {

    private final SimState state;
    private final FaultConfig faults;
    private final long baseLatencyMillis;
    private final boolean anyFaults;

    FaultInjector(SimState state) {
        this.state = state;
        this.faults = state.config().faults();
        this.baseLatencyMillis = state.config().baseLatency().toMillis();
        this.anyFaults = faults.probabilities().values().stream().anyMatch(p -> p > 0);
    }

    @Override
    public void handle(RoutingContext ctx) {
        Arrival.stamp(ctx, state.jobs().now());
        Optional<FaultKind> fault = anyFaults ? pick(state.requestSequence().incrementAndGet()) : Optional.empty();
        fault.ifPresent(state.stats()::fault);
        long delay = baseLatencyMillis + (fault.filter(FaultKind.SLOW::equals).isPresent() ? faults.slowDelay().toMillis() : 0);
        if (delay > 0) {
            ctx.vertx().setTimer(delay, timer -> apply(ctx, fault));
        } else {
            apply(ctx, fault);
        }
    }

    /** One draw against the stacked probabilities: at most one fault per request. */
    private Optional<FaultKind> pick(long requestNumber) {
        double draw = SeededRandom.forIndex(state.config().seed(), SeededRandom.FAULTS, requestNumber).nextDouble();
        double upTo = 0;
        for (FaultKind kind : FaultKind.values()) {
            upTo += faults.probability(kind);
            if (draw < upTo) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    private void apply(RoutingContext ctx, Optional<FaultKind> fault) {
        if (fault.isEmpty() || fault.get() == FaultKind.SLOW) {
            ctx.next();
            return;
        }
        switch (fault.get()) {
            case RATE_LIMITED -> {
                ctx.response().putHeader("Retry-After", Integer.toString(faults.retryAfterSeconds()));
                Json.message(ctx, 429, "Request was throttled.");
            }
            case INTERNAL_ERROR -> Json.message(ctx, 500, "Internal server error.");
            case BAD_GATEWAY -> Json.message(ctx, 502, "Bad gateway.");
            case UNAVAILABLE -> Json.message(ctx, 503, "Service unavailable.");
            case DROPPED -> ctx.request().connection().close();
            case SLOW -> throw new IllegalStateException("slow answers are passed on above");
        }
    }
}
