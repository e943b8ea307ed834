package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.Optional;

/** {@code GET /v1/export/status/{exportId}}: the status, a fresh signed download URL once finished, the error once errored. */
final class ExportStatusHandler implements Handler<RoutingContext> {

    private final SimState state;
    private final ExportUrls urls;

    ExportStatusHandler(SimState state) {
        this.state = state;
        this.urls = new ExportUrls(state);
    }

    @Override
    public void handle(RoutingContext ctx) {
        state.stats().exportStatusCheck(Arrival.of(ctx));
        Optional<Export> export = Ids.parse(ctx.pathParam("exportId"))
                .flatMap(id -> state.exports().find(id, ApiKeyCheck.accountOf(ctx)));
        if (export.isEmpty()) {
            Json.message(ctx, 404, "Not found.");
            return;
        }
        Instant now = state.exports().now();
        ExportStatus status = export.get().statusAt(now);
        ObjectNode node = Json.MAPPER.createObjectNode().put("status", status.apiName());
        if (status == ExportStatus.FINISHED) {
            node.put("downloadUrl", urls.download(ctx, export.get().id(), now));
        } else if (status == ExportStatus.ERRORED) {
            node.put("error", export.get().error());
        }
        Json.answer(ctx, 200, node);
    }
}
