package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.JobLedger;
import dev.inferstream.state.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Publishes the one terminal event of a request and, in the same transaction, turns its job into a
 * dedupe tombstone. Nothing else forwards records, so "exactly one event per request" is decided here.
 */
final class TerminalEmitter {

    static final String COMPLETED_SINK = "completed-sink";
    static final String FAILED_SINK = "failed-sink";
    static final String COMPLETED = "COMPLETED";

    private final ProcessorContext<String, SpecificRecord> context;
    private final JobLedger ledger;
    private final JobMetrics metrics;
    private final long retentionMillis;

    TerminalEmitter(ProcessorContext<String, SpecificRecord> context, JobLedger ledger, JobMetrics metrics,
                    long retentionMillis) {
        this.context = context;
        this.ledger = ledger;
        this.metrics = metrics;
        this.retentionMillis = retentionMillis;
    }

    void completed(JobState job, ApiOutcome.JobStatus status, long now) {
        InferenceCompleted event = InferenceCompleted.newBuilder()
                .setRequestId(job.getRequestId())
                .setInferenceJobId(status.jobId())
                .setStatus(status.status())
                .setProjectId(job.getProjectId() != null ? job.getProjectId() : Nullables.boxed(status.projectId()))
                .setProjectName(job.getProjectName())
                .setOutputLayerId(job.getOutputLayerId())
                .setOutputLayerName(job.getOutputLayerName())
                .setSourceIds(status.sourceIds().isEmpty() ? job.getRequest().getSourceIds() : status.sourceIds())
                .setSubmittedAt(Instant.ofEpochMilli(job.getSubmittedAt()))
                .setCompletedAt(Instant.ofEpochMilli(now))
                .setSubmitAttempts(job.getSubmitAttempts())
                .setStatusChecks(job.getStatusChecks())
                .setRequest(job.getRequest())
                .build();
        context.forward(new Record<String, SpecificRecord>(job.getRequestId(), event, now), COMPLETED_SINK);
        metrics.terminal("completed", COMPLETED, Optional.of(job.getRequest()), sinceAccepted(job, now));
        job.setLastError(null);
        metrics.detectionWindow(Duration.ofMillis(now - lastSeenRunning(job)));
        ledger.end(job, COMPLETED, now, now + retentionMillis);
    }

    void failed(JobState job, Failure failure, long now) {
        InferenceFailed event = failedEvent(job.getRequestId(), failure, now)
                .setInferenceJobId(job.getInferenceJobId())
                .setSubmitAttempts(job.getSubmitAttempts())
                .setStatusChecks(job.getStatusChecks())
                .setRequest(job.getRequest())
                .build();
        context.forward(new Record<String, SpecificRecord>(job.getRequestId(), event, now), FAILED_SINK);
        metrics.terminal("failed", failure.reason().name(), Optional.ofNullable(job.getRequest()),
                sinceAccepted(job, now));
        // The ops view shows why an ended job failed; a transient error from before would mislead.
        job.setLastError(failure.message());
        ledger.end(job, failure.reason().name(), now, now + retentionMillis);
    }

    /**
     * A request that broke the contract never became a job, so no tombstone is kept: a corrected
     * request under the same id is accepted later.
     */
    void invalid(String recordKey, InferenceRequested request, Validation.Invalid invalid, long now) {
        String requestId = request != null ? request.getRequestId() : (recordKey != null ? recordKey : "");
        Failure failure = new Failure(FailureReason.INVALID_REQUEST, invalid.message(), null, false);
        InferenceFailed event = failedEvent(requestId, failure, now)
                .setSubmitAttempts(0)
                .setStatusChecks(0)
                .setRequest(request)
                .build();
        String key = recordKey != null ? recordKey : requestId;
        context.forward(new Record<String, SpecificRecord>(key, event, now), FAILED_SINK);
        metrics.terminal("failed", FailureReason.INVALID_REQUEST.name(), Optional.ofNullable(request),
                Optional.empty());
    }

    private static Optional<Duration> sinceAccepted(JobState job, long now) {
        return Optional.of(Duration.ofMillis(Math.max(0, now - job.getAcceptedAt())));
    }

    private static long lastSeenRunning(JobState job) {
        return job.getLastRunningAt() != null ? job.getLastRunningAt() : job.getSubmittedAt();
    }

    private static InferenceFailed.Builder failedEvent(String requestId, Failure failure, long now) {
        return InferenceFailed.newBuilder()
                .setRequestId(requestId)
                .setReason(failure.reason())
                .setMessage(failure.message())
                .setHttpStatus(failure.httpStatus())
                .setRetryable(failure.retryable())
                .setFailedAt(Instant.ofEpochMilli(now))
                .setInferenceJobId(null);
    }

    /** Why a job failed, as the terminal event will say it. {@code httpStatus} is null when no answer decided it. */
    record Failure(FailureReason reason, String message, Integer httpStatus, boolean retryable) {
        static Failure of(FailureReason reason, String message, boolean retryable) {
            return new Failure(reason, message, null, retryable);
        }

        static Failure fromAnswer(FailureReason reason, String message, ApiOutcome answer, boolean retryable) {
            return new Failure(reason, message, answer.httpStatus(), retryable);
        }
    }
}
