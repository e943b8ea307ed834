package dev.inferstream.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes the JSON body of {@code POST /v1/infer/batch}. */
final class SubmitBody {

    private SubmitBody() {}

    static byte[] encode(SubmitRequest request) {
        ObjectNode body = JsonBodies.object();
        body.put("projectIdentifier", request.projectIdentifier());
        body.put("modelIdentifier", request.modelIdentifier());
        request.sourceIds().forEach(body.putArray("sourceIds")::add);
        // The API tells a layer id from a layer name by the JSON type, so the two must not be unified.
        if (request.outputLayer() instanceof SubmitRequest.OutputLayer.Numbered numbered) {
            body.put("outputLayerIdentifier", numbered.id());
        } else if (request.outputLayer() instanceof SubmitRequest.OutputLayer.Named named) {
            body.put("outputLayerIdentifier", named.name());
        }
        body.put("groupName", request.groupName());
        return JsonBodies.write(body);
    }
}
