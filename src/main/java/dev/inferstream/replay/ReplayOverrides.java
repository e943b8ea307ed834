package dev.inferstream.replay;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import java.util.HashMap;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a replay changes in each request it re-publishes. Identity, lane and lineage always change:
 * a new deterministic id, {@code priority=BACKFILL} and {@code replayOf} = the original id.
 *
 * @param outputLayer a layer name, or a numeric layer id as a {@link Long}
 */
public record ReplayOverrides(Optional<String> model, Optional<Object> outputLayer, OptionalInt timeoutSeconds) {

    public static ReplayOverrides none() {
        return new ReplayOverrides(Optional.empty(), Optional.empty(), OptionalInt.empty());
    }

    /** {@code --set-output-layer}: all digits means a layer id, as the contract's union {string, long} allows. */
    public static Object outputLayerOf(String text) {
        return text.matches("\\d{1,18}") ? (Object) Long.parseLong(text) : text;
    }

    public InferenceRequested apply(InferenceRequested original, ReplayIds ids) {
        InferenceRequested.Builder replay = InferenceRequested.newBuilder(original)
                .setRequestId(ids.derive(original.getRequestId()))
                .setReplayOf(original.getRequestId())
                .setPriority(Priority.BACKFILL)
                .setAttributes(new HashMap<>(original.getAttributes()));
        model.ifPresent(replay::setModelIdentifier);
        outputLayer.ifPresent(replay::setOutputLayerIdentifier);
        timeoutSeconds.ifPresent(replay::setTimeoutSeconds);
        return replay.build();
    }
}
