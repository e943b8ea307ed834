package dev.inferstream.service;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Every ops answer except /metrics is a JSON object. */
final class JsonAnswers {

    private JsonAnswers() {}

    static void send(RoutingContext ctx, int status, JsonObject body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
}
