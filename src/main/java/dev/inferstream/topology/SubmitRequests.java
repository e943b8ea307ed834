package dev.inferstream.topology;

import dev.inferstream.api.SubmitRequest;
import dev.inferstream.events.InferenceRequested;

/** The POST body for a validated request. */
final class SubmitRequests {

    private SubmitRequests() {}

    static SubmitRequest from(InferenceRequested request) {
        return new SubmitRequest(request.getProjectIdentifier(), request.getModelIdentifier(), request.getSourceIds(),
                SubmitRequest.OutputLayer.of(request.getOutputLayerIdentifier()), request.getGroupName());
    }
}
