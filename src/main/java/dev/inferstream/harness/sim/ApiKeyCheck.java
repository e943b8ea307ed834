package dev.inferstream.harness.sim;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/** Answers {@code 401} unless the request carries {@code Authorization: Api-Key <known key>}. */
final class ApiKeyCheck implements Handler<RoutingContext> {

    private static final String SCHEME = "Api-Key ";
    private static final String KEY = "sim.apiKey";

    private final Set<String> keys;
    private final StatsRecorder stats;

    ApiKeyCheck(SimState state) {
        this.keys = state.config().apiKeys();
        this.stats = state.stats();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header == null || !header.startsWith(SCHEME) || !keys.contains(header.substring(SCHEME.length()).trim())) {
            stats.unauthorized();
            Json.message(ctx, 401, "Invalid or missing API key.");
            return;
        }
        ctx.put(KEY, header.substring(SCHEME.length()).trim());
        ctx.next();
    }

    /** The key this check let through; only valid in handlers routed after it. */
    static String keyOf(RoutingContext ctx) {
        return ctx.get(KEY);
    }
}
