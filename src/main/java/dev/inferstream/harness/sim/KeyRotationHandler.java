package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code POST /_sim/keys/rotate {"from", "to", "graceSeconds"}}: rotates an accepted key, so a simulator
 * running as its own process can rehearse a secret rotation. Keys are never echoed in the answers.
 */
final class KeyRotationHandler implements Handler<RoutingContext> {

    private final SimState state;

    KeyRotationHandler(SimState state) {
        this.state = state;
    }

    @Override
    public void handle(RoutingContext ctx) {
        JsonNode body;
        try {
            body = Json.MAPPER.readTree(ctx.body().asString());
        } catch (IOException | RuntimeException e) {
            Json.message(ctx, 400, "The body must be JSON: {\"from\": key, \"to\": key, \"graceSeconds\": n}.");
            return;
        }
        String from = body == null ? "" : body.path("from").asText("").strip();
        String to = body == null ? "" : body.path("to").asText("").strip();
        long graceSeconds = body == null ? -1 : body.path("graceSeconds").asLong(0);
        if (from.isEmpty() || to.isEmpty() || graceSeconds < 0) {
            Json.message(ctx, 400, "\"from\" and \"to\" must be non-empty keys and \"graceSeconds\" at least 0.");
            return;
        }
        try {
            state.keys().rotate(from, to, Duration.ofSeconds(graceSeconds));
        } catch (IllegalArgumentException e) {
            Json.message(ctx, 400, "\"from\" is not an accepted key.");
            return;
        }
        ctx.response().setStatusCode(204).end();
    }
}
