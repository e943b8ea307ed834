package dev.inferstream.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** Writes the JSON body of {@code POST /v1/infer/batch}. */
final class SubmitBody {

    private static final JsonMapper MAPPER = new JsonMapper();

    private SubmitBody() {}

    static byte[] encode(SubmitRequest request) {
        ObjectNode body = MAPPER.createObjectNode();
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
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            // A tree of strings and numbers always serialises; this only satisfies the checked signature.
            throw new UncheckedIOException(impossible);
        }
    }
}
