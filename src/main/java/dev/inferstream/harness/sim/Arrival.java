package dev.inferstream.harness.sim;

import io.vertx.ext.web.RoutingContext;

import java.time.Instant;

/**
 * When an API request reached the simulator, before its artificial latency: the first API handler
 * stamps it, so call-rate figures show what the client sent rather than when delay timers fired.
 */
final class Arrival {

    private static final String KEY = "sim.arrivedAt";

    private Arrival() {}

    static void stamp(RoutingContext ctx, Instant now) {
        ctx.put(KEY, now);
    }

    /** Every API route passes {@link FaultInjector} first, which stamps the request. */
    static Instant of(RoutingContext ctx) {
        Instant at = ctx.get(KEY);
        if (at == null) {
            throw new IllegalStateException("request was not stamped on arrival");
        }
        return at;
    }
}
