package dev.inferstream.service;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets a request through only with {@code Authorization: Bearer <token>}; 401 otherwise. Compared in
 * constant time, and the token is never echoed. Forwards between instances carry the caller's header,
 * so every instance must be given the same token.
 */
final class BearerToken implements Handler<RoutingContext> {

    private static final String PREFIX = "Bearer ";
    private final byte[] expected;

    BearerToken(String token) {
        this.expected = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        byte[] given = header != null && header.startsWith(PREFIX)
                ? header.substring(PREFIX.length()).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (MessageDigest.isEqual(expected, given)) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"inferstream\"");
        JsonAnswers.send(ctx, 401, new JsonObject().put("error",
                "/jobs needs Authorization: Bearer <the instance's INFERSTREAM_OPS_TOKEN>"));
    }
}
