package dev.inferstream.harness.sim;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/**
 * Answers {@code 401} unless the request carries {@code Authorization: Api-Key <accepted key>}, and tells
 * the handlers after it which account the key signs for.
 */
final class ApiKeyCheck implements Handler<RoutingContext> {

    private static final String SCHEME = "Api-Key ";
    private static final String ACCOUNT = "sim.account";

    private final SimKeys keys;
    private final StatsRecorder stats;

    ApiKeyCheck(SimState state) {
        this.keys = state.keys();
        this.stats = state.stats();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        Optional<String> account = header != null && header.startsWith(SCHEME)
                ? keys.accountOf(header.substring(SCHEME.length()).trim()) : Optional.empty();
        if (account.isEmpty()) {
            stats.unauthorized();
            Json.message(ctx, 401, "Invalid or missing API key.");
            return;
        }
        ctx.put(ACCOUNT, account.get());
        ctx.next();
    }

    /** The account of the key this check let through, which owns the jobs it makes; only valid after it. */
    static String accountOf(RoutingContext ctx) {
        return ctx.get(ACCOUNT);
    }
}
