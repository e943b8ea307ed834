package dev.inferstream.service;

import dev.inferstream.events.ExportContents;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.ExportState;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The {@code /jobs/{requestId}} answer. Fields are listed one by one rather than serialised
 * reflectively, so a field added to {@link JobState} later is not published until someone decides it
 * may be (the API key never enters JobState; this keeps it from entering the answer by accident too).
 *
 * <p>The answer is one coherent view of where the request stands: an active job shows what happens next
 * and when, and the transient error only while it is the current one; an ended job shows its outcome
 * (for a failure the reason and the message of its event), the last status AnnoLab gave, and until when
 * its id stays deduplicated, but no future action.
 */
final class JobJson {

    static final String COMPLETED = "COMPLETED";
    static final String FAILED = "FAILED";

    private JobJson() {}

    static JsonObject of(JobState job) {
        JsonObject json = new JsonObject()
                .put("requestId", job.getRequestId())
                .put("phase", job.getPhase().name())
                .put("acceptedAt", instant(job.getAcceptedAt()))
                // A past fact once the job ended: a TIMED_OUT job is read against it.
                .put("deadlineAt", instant(job.getDeadlineAt()))
                .put("submitAttempts", job.getSubmitAttempts())
                .put("statusChecks", job.getStatusChecks())
                .put("unusableAnswers", job.getUnusableAnswers());
        putIfPresent(json, "inferenceJobId", job.getInferenceJobId());
        putIfPresent(json, "lastStatus", job.getLastStatus());
        putIfPresent(json, "projectId", job.getProjectId());
        putIfPresent(json, "projectName", job.getProjectName());
        putIfPresent(json, "outputLayerId", job.getOutputLayerId());
        putIfPresent(json, "outputLayerName", job.getOutputLayerName());
        if (job.getSubmittedAt() != null) {
            json.put("submittedAt", instant(job.getSubmittedAt()));
        }
        if (job.getPhase() == JobPhase.ENDED) {
            ended(json, job);
        } else {
            active(json, job);
        }
        if (job.getExport() != null) {
            json.put("export", export(job.getExport()));
        }
        return json;
    }

    /**
     * The export phase of a job that asked for its results. The download URL is not kept in the store
     * (it is a bearer credential for the file), so it is read from the completed event, never from here.
     */
    private static JsonObject export(ExportState export) {
        ExportContents contents = export.getContents();
        JsonObject json = new JsonObject()
                .put("finishedAt", instant(export.getFinishedAt()))
                .put("includeSchemas", contents.getIncludeSchemas())
                .put("includeSources", contents.getIncludeSources())
                .put("includeTextBounds", contents.getIncludeTextBounds())
                .put("startAttempts", export.getStartAttempts())
                .put("statusChecks", export.getStatusChecks());
        putIfPresent(json, "layerName", export.getLayerName());
        putIfPresent(json, "exportJobId", export.getExportJobId());
        putIfPresent(json, "exportStatusUrl", export.getStatusUrl());
        putIfPresent(json, "lastStatus", export.getLastStatus());
        if (export.getStartedAt() != null) {
            json.put("startedAt", instant(export.getStartedAt()));
        }
        putIfPresent(json, "outcome", export.getOutcome());
        putIfPresent(json, "error", export.getError());
        return json;
    }

    private static void active(JsonObject json, JobState job) {
        json.put("nextAction", nextAction(job.getPhase()))
                .put("nextActionAt", instant(job.getDueAt()))
                .put("consecutiveTransientFailures", job.getConsecutiveTransients());
        if (job.getConsecutiveTransients() > 0) {
            putIfPresent(json, "lastError", job.getLastError());
        }
        if (job.getRequest() != null) {
            json.put("request", request(job.getRequest()));
        }
    }

    /** The outcome is COMPLETED or a FailureReason name, as TerminalEmitter ended the job. */
    private static void ended(JsonObject json, JobState job) {
        String outcome = job.getOutcome() == null ? COMPLETED : job.getOutcome();
        if (outcome.equals(COMPLETED)) {
            json.put("outcome", COMPLETED);
        } else {
            json.put("outcome", FAILED).put("reason", outcome);
            putIfPresent(json, "message", job.getLastError());
        }
        if (job.getEndedAt() != null) {
            json.put("endedAt", instant(job.getEndedAt()));
        }
        json.put("deduplicatedUntil", instant(job.getDueAt()));
    }

    private static String nextAction(JobPhase phase) {
        return switch (phase) {
            case ACCEPTED -> "submit";
            case SUBMITTING -> "submit (a POST may be on its way; its answer decides)";
            case RUNNING -> "check status";
            case EXPORT_PENDING -> "start the export";
            case EXPORT_STARTING -> "start the export (a POST may be on its way; its answer decides)";
            case EXPORTING -> "check the export's status";
            case ENDED -> throw new IllegalArgumentException("an ended job has no next action");
        };
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
