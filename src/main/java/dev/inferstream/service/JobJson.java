package dev.inferstream.service;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The {@code /jobs/{requestId}} answer. Fields are listed one by one rather than serialised
 * reflectively, so a field added to {@link JobState} later is not published until someone decides it
 * may be (the API key never enters JobState; this keeps it from entering the answer by accident too).
 */
final class JobJson {

    private JobJson() {}

    static JsonObject of(JobState job) {
        JsonObject json = new JsonObject()
                .put("requestId", job.getRequestId())
                .put("phase", job.getPhase().name())
                .put("acceptedAt", instant(job.getAcceptedAt()))
                .put("deadlineAt", instant(job.getDeadlineAt()))
                .put("nextActionAt", instant(job.getDueAt()))
                .put("submitAttempts", job.getSubmitAttempts())
                .put("statusChecks", job.getStatusChecks())
                .put("consecutiveTransientFailures", job.getConsecutiveTransients())
                .put("unusableAnswers", job.getUnusableAnswers());
        putIfPresent(json, "outcome", job.getOutcome());
        putIfPresent(json, "inferenceJobId", job.getInferenceJobId());
        putIfPresent(json, "lastStatus", job.getLastStatus());
        putIfPresent(json, "lastError", job.getLastError());
        putIfPresent(json, "projectId", job.getProjectId());
        putIfPresent(json, "projectName", job.getProjectName());
        putIfPresent(json, "outputLayerId", job.getOutputLayerId());
        putIfPresent(json, "outputLayerName", job.getOutputLayerName());
        if (job.getSubmittedAt() != null) {
            json.put("submittedAt", instant(job.getSubmittedAt()));
        }
        if (job.getEndedAt() != null) {
            json.put("endedAt", instant(job.getEndedAt()));
        }
        if (job.getRequest() != null) {
            json.put("request", request(job.getRequest()));
        }
        return json;
    }

    private static JsonObject request(InferenceRequested request) {
        JsonObject json = new JsonObject()
                .put("groupName", request.getGroupName())
                .put("projectIdentifier", request.getProjectIdentifier())
                .put("modelIdentifier", request.getModelIdentifier())
                .put("sourceIds", new JsonArray(request.getSourceIds().stream().map(Object.class::cast).toList()))
                .put("outputLayerIdentifier", request.getOutputLayerIdentifier())
                .put("priority", request.getPriority().name())
                .put("attributes", new JsonObject(new TreeMap<String, Object>(request.getAttributes())));
        putIfPresent(json, "timeoutSeconds", request.getTimeoutSeconds());
        putIfPresent(json, "replayOf", request.getReplayOf());
        return json;
    }

    private static String instant(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static void putIfPresent(JsonObject json, String name, Object value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
