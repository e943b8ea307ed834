package dev.inferstream.topology;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import java.util.List;
import java.util.Map;

/** Valid requests to start tests from; each test breaks or changes only what it is about. */
final class Requests {

    private Requests() {}

    static InferenceRequested.Builder live(String requestId) {
        return InferenceRequested.newBuilder()
                .setRequestId(requestId)
                .setGroupName("acme")
                .setProjectIdentifier("demo-project")
                .setModelIdentifier("model-fast")
                .setSourceIds(List.of(11L, 12L))
                .setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(null)
                .setPriority(Priority.LIVE)
                .setReplayOf(null)
                .setAttributes(Map.of("traceId", "trace-" + requestId));
    }

    static InferenceRequested.Builder backfill(String requestId) {
        return live(requestId).setPriority(Priority.BACKFILL);
    }
}
