package dev.inferstream.testkit;

import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import java.util.List;
import java.util.Map;

/** What a request asks of the simulator, and so which terminal outcome it must end in. */
public enum Scenario {
    OK, REJECTED, FORBIDDEN, TIMES_OUT, INVALID;

    /** Seconds a stuck-model request waits: short, so the timeout path runs many times in the suite. */
    public static final int SHORT_TIMEOUT_SECONDS = 4;

    /** Three in ten requests fail in a different way each; the rest should run (and may end JOB_ERRORED). */
    public static Scenario of(int n) {
        return switch (n % 10) {
            case 0 -> REJECTED;
            case 1 -> FORBIDDEN;
            case 2 -> TIMES_OUT;
            case 3 -> INVALID;
            default -> OK;
        };
    }

    /** The failure reason this scenario must end in; OK ends as the simulator's job did. */
    public FailureReason expectedFailure() {
        return switch (this) {
            case REJECTED -> FailureReason.REJECTED;
            case FORBIDDEN -> FailureReason.UNAUTHORIZED;
            case TIMES_OUT -> FailureReason.TIMED_OUT;
            case INVALID -> FailureReason.INVALID_REQUEST;
            case OK -> throw new IllegalStateException("OK ends as its job did");
        };
    }

    public InferenceRequested request(String id, int n) {
        InferenceRequested.Builder builder = InferenceRequested.newBuilder()
                .setRequestId(id)
                .setGroupName("acme")
                .setProjectIdentifier("demo-project")
                .setModelIdentifier("fast-model")
                .setSourceIds(List.of(1_000L + n))
                .setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(120)
                .setPriority(Priority.LIVE)
                .setAttributes(Map.of("scenario", name()));
        switch (this) {
            case REJECTED -> builder.setModelIdentifier("no-such-model");
            case FORBIDDEN -> builder.setProjectIdentifier("locked-project");
            case TIMES_OUT -> builder.setModelIdentifier("stuck-model").setTimeoutSeconds(SHORT_TIMEOUT_SECONDS);
            case INVALID -> builder.setSourceIds(List.of());
            case OK -> { }
        }
        return builder.build();
    }
}
