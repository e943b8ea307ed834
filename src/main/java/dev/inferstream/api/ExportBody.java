package dev.inferstream.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes the JSON body of {@code POST /v1/export/project}. */
final class ExportBody {

    private ExportBody() {}

    static byte[] encode(ExportRequest request) {
        ObjectNode body = JsonBodies.object();
        body.put("projectIdentifier", request.projectIdentifier());
        body.put("groupName", request.groupName());
        body.put("includeSchemas", request.includeSchemas());
        body.put("includeSources", request.includeSources());
        body.put("includeTextBounds", request.includeTextBounds());
        // Both restrictions are optional in the API: left out rather than sent empty, which it does not define.
        if (!request.sourceIds().isEmpty()) {
            request.sourceIds().forEach(body.putArray("sourceIds")::add);
        }
        if (!request.annotationLayerNames().isEmpty()) {
            request.annotationLayerNames().forEach(body.putArray("annotationLayerNames")::add);
        }
        return JsonBodies.write(body);
    }
}
