package dev.inferstream.serde;

import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Small, fully populated sample records for serde tests. */
final class Records {

    static final Instant SUBMITTED = Instant.parse("2026-01-02T03:04:05.678Z");
    static final Instant ENDED = Instant.parse("2026-01-02T03:14:05.678Z");

    private Records() {}

    static InferenceRequested requested(String requestId) {
        return InferenceRequested.newBuilder()
                .setRequestId(requestId)
                .setGroupName("acme")
                .setProjectIdentifier("contracts")
                .setModelIdentifier("clause-tagger")
                .setSourceIds(List.of(11L, 12L))
                .setOutputLayerIdentifier("clauses")
                .setTimeoutSeconds(600)
                .setPriority(Priority.BACKFILL)
                .setReplayOf("original-1")
                .setAttributes(Map.of("trace", "t-1"))
                .build();
    }

    static InferenceCompleted completed(String requestId) {
        return InferenceCompleted.newBuilder()
                .setRequestId(requestId)
                .setInferenceJobId(4242L)
                .setStatus("Finished")
                .setProjectId(7L)
                .setProjectName("contracts")
                .setOutputLayerId(99L)
                .setOutputLayerName("clauses")
                .setSourceIds(List.of(11L, 12L))
                .setSubmittedAt(SUBMITTED)
                .setCompletedAt(ENDED)
                .setSubmitAttempts(1)
                .setStatusChecks(3)
                .setRequest(requested(requestId))
                .build();
    }

    static InferenceFailed failed(String requestId) {
        return InferenceFailed.newBuilder()
                .setRequestId(requestId)
                .setReason(FailureReason.JOB_ERRORED)
                .setMessage("job 4242 reached status Errored")
                .setHttpStatus(200)
                .setInferenceJobId(4242L)
                .setRetryable(false)
                .setFailedAt(ENDED)
                .setSubmitAttempts(1)
                .setStatusChecks(5)
                .setRequest(requested(requestId))
                .build();
    }

    static JobState jobState(String requestId) {
        return JobState.newBuilder()
                .setRequestId(requestId)
                .setPhase(JobPhase.RUNNING)
                .setRequest(requested(requestId))
                .setAcceptedAt(1_000L)
                .setDeadlineAt(1_801_000L)
                .setDueAt(31_000L)
                .setInferenceJobId(4242L)
                .setSubmittedAt(2_000L)
                .setSubmitAttempts(1)
                .setStatusChecks(2)
                .setLastStatus("Running")
                .build();
    }
}
