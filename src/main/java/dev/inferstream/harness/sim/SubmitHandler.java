package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/** {@code POST /v1/infer/batch}. */
final class SubmitHandler implements Handler<RoutingContext> {

    private final SimState state;
    private final boolean trailingComma;

    SubmitHandler(SimState state) {
        this.state = state;
        this.trailingComma = state.config().trailingComma();
    }

    @Override
    public void handle(RoutingContext ctx) {
        state.stats().submit(Arrival.of(ctx));
        Buffer buffer = ctx.body().buffer();
        String raw = buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8);
        SubmitBodyParser.Parsed parsed = SubmitBodyParser.parse(raw);
        if (parsed instanceof SubmitBodyParser.Parsed.Valid valid) {
            resolve(ctx, valid.body());
        } else if (parsed instanceof SubmitBodyParser.Parsed.Invalid invalid) {
            Json.message(ctx, 400, invalid.message());
        }
    }

    private void resolve(RoutingContext ctx, SubmitBody body) {
        Resolution resolution = state.catalog().resolve(body);
        if (resolution instanceof Resolution.Resolved target) {
            Job job = state.jobs().submit(ApiKeyCheck.accountOf(ctx), target, body.sourceIds());
            state.stats().accepted(body);
            Json.answer(ctx, 201, render(job));
        } else if (resolution instanceof Resolution.Refused refused) {
            Json.message(ctx, refused.httpStatus(), refused.message());
        }
    }

    /** Field order follows AnnoLab's docs, trailing comma included when configured. */
    private String render(Job job) {
        ObjectNode node = Json.MAPPER.createObjectNode()
                .put("inferenceJobId", job.id())
                .put("status", JobStatus.QUEUED.apiName())
                .put("projectName", job.project().name())
                .put("projectId", job.project().id())
                .put("outputLayerName", job.layer().name())
                .put("outputLayerId", job.layer().id());
        job.sourceIds().forEach(node.putArray("sourceIds")::add);
        String json = Json.write(node);
        return trailingComma ? json.substring(0, json.length() - 1) + ",}" : json;
    }
}
