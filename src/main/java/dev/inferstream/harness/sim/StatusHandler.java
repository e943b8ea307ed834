package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Optional;

/** {@code GET /v1/infer/batch/{jobId}}. */
final class StatusHandler implements Handler<RoutingContext> {

    private final SimState state;

    StatusHandler(SimState state) {
        this.state = state;
    }

    @Override
    public void handle(RoutingContext ctx) {
        state.stats().statusCheck(Arrival.of(ctx));
        Optional<Job> job = Ids.parse(ctx.pathParam("jobId"))
                .flatMap(id -> state.jobs().find(id, ApiKeyCheck.accountOf(ctx)));
        if (job.isEmpty()) {
            Json.message(ctx, 404, "Not found.");
            return;
        }
        JobStatus status = job.get().check(state.jobs().now());
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("inferenceJobId", job.get().id())
                .put("status", status.apiName())
                .put("projectId", job.get().project().id());
        job.get().sourceIds().forEach(node.putArray("sourceIds")::add);
        Json.answer(ctx, 200, node);
    }
}
