package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /downloads/exports/{exportId}?expires=..&signature=..}: the file of a finished export, as
 * object storage serves it: no API key (the signature is the permission), no injected faults, and S3's
 * XML errors. A forged or expired URL answers {@code 403}, a signed one for a forgotten export {@code 404}.
 */
final class DownloadHandler implements Handler<RoutingContext> {

    /** Enough annotations to look like an export, few enough to read in a test's failure message. */
    private static final int SAMPLE_SOURCES = 3;

    private final SimState state;

    DownloadHandler(SimState state) {
        this.state = state;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Optional<Long> id = Ids.parse(ctx.pathParam("exportId"));
        Optional<Long> expires = Optional.ofNullable(ctx.request().getParam("expires")).flatMap(Ids::parse);
        String signature = Optional.ofNullable(ctx.request().getParam("signature")).orElse("");
        if (id.isEmpty() || expires.isEmpty() || !state.signer().verify(id.get(), expires.get(), signature)) {
            refuse(ctx, 403, "SignatureDoesNotMatch",
                    "The request signature we calculated does not match the signature you provided.", "");
            return;
        }
        Instant now = state.exports().now();
        Instant expiry = Instant.ofEpochSecond(expires.get());
        if (now.isAfter(expiry)) {
            refuse(ctx, 403, "AccessDenied", "Request has expired",
                    "<Expires>" + expiry + "</Expires><ServerTime>" + now + "</ServerTime>");
            return;
        }
        Optional<Export> export = state.exports().find(id.get());
        if (export.isEmpty()) {
            refuse(ctx, 404, "NoSuchKey", "The specified key does not exist.", "");
            return;
        }
        state.stats().downloaded();
        ctx.response()
                .putHeader("Content-Disposition", "attachment; filename=\"export-" + id.get() + ".json\"");
        Json.answer(ctx, 200, file(export.get()));
    }

    private void refuse(RoutingContext ctx, int status, String code, String message, String details) {
        state.stats().downloadRefused();
        ctx.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "application/xml")
                .end("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                        + message + "</Message>" + details + "</Error>");
    }

    /** What was asked for, echoed, and a few made-up annotations on those layers and sources. */
    private static ObjectNode file(Export export) {
        ExportBody body = export.body();
        ObjectNode root = Json.MAPPER.createObjectNode().put("exportId", export.id());
        root.putObject("project").put("id", export.project().id()).put("name", export.project().name());
        root.put("groupName", body.groupName())
                .put("includeSchemas", body.includeSchemas())
                .put("includeSources", body.includeSources())
                .put("includeTextBounds", body.includeTextBounds());
        export.layers().stream().map(SimLayer::name).forEach(root.putArray("annotationLayerNames")::add);
        body.sourceIds().forEach(root.putArray("sourceIds")::add);
        List<Long> sources = body.sourceIds().isEmpty() ? List.of(1L, 2L) : body.sourceIds();
        ArrayNode annotations = root.putArray("annotations");
        for (long source : sources.subList(0, Math.min(SAMPLE_SOURCES, sources.size()))) {
            for (SimLayer layer : export.layers()) {
                ObjectNode annotation = annotations.addObject()
                        .put("sourceId", source)
                        .put("layer", layer.name())
                        .put("label", layer.name() + "-" + source);
                if (body.includeTextBounds()) {
                    annotation.put("start", 0).put("end", 12);
                }
            }
        }
        return root;
    }
}
