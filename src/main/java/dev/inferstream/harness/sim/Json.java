package dev.inferstream.harness.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;

/** The one mapper, and the few ways the simulator answers. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }

    static void answer(RoutingContext ctx, int status, String body) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(body);
    }

    static void answer(RoutingContext ctx, int status, JsonNode body) {
        answer(ctx, status, write(body));
    }

    static void message(RoutingContext ctx, int status, String message) {
        answer(ctx, status, MAPPER.createObjectNode().put("message", message));
    }
}
