package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/** {@code POST /v1/export/project}. */
final class ExportHandler implements Handler<RoutingContext> {

    private final SimState state;
    private final ExportUrls urls;

    ExportHandler(SimState state) {
        this.state = state;
        this.urls = new ExportUrls(state);
    }

    @Override
    public void handle(RoutingContext ctx) {
        state.stats().exportRequest(Arrival.of(ctx));
        Buffer buffer = ctx.body().buffer();
        ExportBodyParser.Parsed parsed = ExportBodyParser.parse(buffer == null ? "" : buffer.toString(StandardCharsets.UTF_8));
        if (parsed instanceof ExportBodyParser.Parsed.Valid valid) {
            resolve(ctx, valid.body());
        } else if (parsed instanceof ExportBodyParser.Parsed.Invalid invalid) {
            Json.message(ctx, 400, invalid.message());
        }
    }

    private void resolve(RoutingContext ctx, ExportBody body) {
        ExportResolution resolution = state.catalog().resolve(body);
        if (resolution instanceof ExportResolution.Resolved target) {
            Export export = state.exports().start(ApiKeyCheck.accountOf(ctx), target, body);
            state.stats().exportStarted();
            Json.answer(ctx, 201, render(ctx, export));
        } else if (resolution instanceof Resolution.Refused refused) {
            Json.message(ctx, refused.httpStatus(), refused.message());
        }
    }

    /** The shape of AnnoLab's documented answer: a message, the status URL, and the export job as created. */
    private ObjectNode render(RoutingContext ctx, Export export) {
        ObjectNode root = Json.MAPPER.createObjectNode()
                .put("message", "Export started for project '" + export.project().name() + "'.")
                .put("exportStatusUrl", urls.status(ctx, export.id()));
        root.putObject("exportJob")
                .put("id", export.id())
                .put("status", ExportStatus.INITALIZED.apiName())
                .put("projectId", export.project().id())
                .put("groupName", export.body().groupName())
                .put("createdAt", export.createdAt().toString());
        return root;
    }
}
