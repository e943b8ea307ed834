package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ApiText;
import dev.inferstream.events.ExportError;
import dev.inferstream.events.ExportedResults;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.ExportState;
import dev.inferstream.state.JobLedger;
import dev.inferstream.state.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.function.Consumer;
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
    private final ResultSizes sizes;

    TerminalEmitter(ProcessorContext<String, SpecificRecord> context, JobLedger ledger, JobMetrics metrics,
                    long retentionMillis, ResultSizes sizes) {
        this.context = context;
        this.sizes = sizes;
        this.ledger = ledger;
        this.metrics = metrics;
        this.retentionMillis = retentionMillis;
    }

    void completed(JobState job, ApiOutcome.JobStatus status, long now) {
        InferenceCompleted event = completedEvent(job, status.jobId(), status.status(),
                job.getProjectId() != null ? job.getProjectId() : Nullables.boxed(status.projectId()),
                sourceIdsOf(job, status), now)
                .build();
        metrics.detectionWindow(Duration.ofMillis(now - lastSeenRunning(job)));
        emitCompleted(job, event, now);
    }

    /** The job finished earlier and its export delivered a download URL. */
    void exported(JobState job, ExportedResults results, long now) {
        completedAfterExport(job, event -> event.setResults(results), now);
    }

    /** The job finished earlier and its export failed: the inference still completed. */
    void exportFailed(JobState job, ExportError error, long now) {
        completedAfterExport(job, event -> event.setExportError(error), now);
    }

    /** The event says what the job's status answer said when it finished, plus how the export ended. */
    private void completedAfterExport(JobState job, Consumer<InferenceCompleted.Builder> exportEnd, long now) {
        ExportState export = job.getExport();
        InferenceCompleted.Builder builder = completedEvent(job, job.getInferenceJobId(), export.getFinishedStatus(),
                job.getProjectId(), export.getSourceIds(), export.getFinishedAt());
        exportEnd.accept(builder);
        // The tombstone keeps how the export ended, not what it covered.
        export.setSourceIds(List.of());
        emitCompleted(job, builder.build(), now);
    }

    private void emitCompleted(JobState job, InferenceCompleted event, long now) {
        InferenceCompleted fitting = sizes.fits(job.getRequestId(), event) ? event : trimmed(event);
        context.forward(new Record<String, SpecificRecord>(job.getRequestId(), fitting, now), COMPLETED_SINK);
        metrics.terminal("completed", COMPLETED, Optional.of(job.getRequest()), sinceAccepted(job, now));
        job.setLastError(null);
        ledger.end(job, COMPLETED, now, now + retentionMillis);
    }

    private static InferenceCompleted.Builder completedEvent(JobState job, long jobId, String status, Long projectId,
                                                             List<Long> sourceIds, long completedAt) {
        return InferenceCompleted.newBuilder()
                .setRequestId(job.getRequestId())
                .setInferenceJobId(jobId)
                .setStatus(status)
                .setProjectId(projectId)
                .setProjectName(job.getProjectName())
                .setOutputLayerId(job.getOutputLayerId())
                .setOutputLayerName(job.getOutputLayerName())
                .setSourceIds(sourceIds)
                .setSubmittedAt(Instant.ofEpochMilli(job.getSubmittedAt()))
                .setCompletedAt(Instant.ofEpochMilli(completedAt))
                .setSubmitAttempts(job.getSubmitAttempts())
                .setStatusChecks(job.getStatusChecks())
                .setRequest(job.getRequest());
    }

    /** The sources the API says the job covered, or when it says none, the request's. */
    static List<Long> sourceIdsOf(JobState job, ApiOutcome.JobStatus status) {
        return status.sourceIds().isEmpty() ? job.getRequest().getSourceIds() : status.sourceIds();
    }

    void failed(JobState job, Failure failure, long now) {
        InferenceFailed event = failedEvent(job.getRequestId(), failure, now)
                .setInferenceJobId(job.getInferenceJobId())
                .setSubmitAttempts(job.getSubmitAttempts())
                .setStatusChecks(job.getStatusChecks())
                .setRequest(job.getRequest())
                .build();
        if (!sizes.fits(job.getRequestId(), event)) {
            String message = event.getMessage();
            event.setMessage(message.substring(0, Math.min(message.length(), ResultSizes.MAX_MESSAGE_CHARS)));
        }
        context.forward(new Record<String, SpecificRecord>(job.getRequestId(), event, now), FAILED_SINK);
        metrics.terminal("failed", failure.reason().name(), Optional.ofNullable(job.getRequest()),
                sinceAccepted(job, now));
        // The ops view shows why an ended job failed; a transient error from before would mislead.
        job.setLastError(failure.message());
        ledger.end(job, failure.reason().name(), now, now + retentionMillis);
    }

    /**
     * A request that broke the contract never became a job, so no tombstone is kept: a corrected
     * request under the same id is accepted later. The event copies the request only when that fits what
     * the producer may write (a request may be invalid precisely for being huge); if even the event
     * without it does not fit, {@code input} is dead-lettered instead.
     */
    void invalid(String recordKey, InferenceRequested request, Validation.Invalid invalid, long now,
                 DeadLetter.Input input) {
        String requestId = request != null && request.getRequestId() != null ? request.getRequestId()
                : (recordKey != null ? recordKey : "");
        Failure failure = new Failure(FailureReason.INVALID_REQUEST, invalid.message(), null, false);
        InferenceFailed event = failedEvent(requestId, failure, now)
                .setSubmitAttempts(0)
                .setStatusChecks(0)
                .setRequest(request)
                .build();
        String key = recordKey != null ? recordKey : requestId;
        if (!sizes.fits(key, event)) {
            event.setRequest(null);
            event.setMessage(invalid.message() + " (the request is not copied here: it is too large)");
        }
        if (!sizes.fits(key, event)) {
            throw DeadLetter.of(input, "its INVALID_REQUEST event (" + invalid.message() + ") would take "
                    + sizes.sizeOf(key, event) + " bytes, more than the " + sizes.limit() + " the producer may write");
        }
        context.forward(new Record<String, SpecificRecord>(key, event, now), FAILED_SINK);
        metrics.terminal("failed", FailureReason.INVALID_REQUEST.name(), Optional.ofNullable(request),
                Optional.empty());
    }

    private static Optional<Duration> sinceAccepted(JobState job, long now) {
        return Optional.of(Duration.ofMillis(Math.max(0, now - job.getAcceptedAt())));
    }

    /**
     * The API's answer made the event too large (its source ids, names or status): fall back to what was
     * sized when the request was accepted, so the event always fits.
     */
    private static InferenceCompleted trimmed(InferenceCompleted event) {
        String status = event.getStatus();
        return InferenceCompleted.newBuilder(event)
                .setSourceIds(event.getRequest().getSourceIds())
                .setProjectName(null)
                .setOutputLayerName(null)
                .setStatus(status.length() > ResultSizes.MAX_STATUS_CHARS
                        ? status.substring(0, ResultSizes.MAX_STATUS_CHARS) : status)
                .build();
    }

    /** When a check last saw the job running (or it was submitted): its finish went unnoticed since at most. */
    static long lastSeenRunning(JobState job) {
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

    /**
     * Why a job failed, as the terminal event will say it. {@code httpStatus} is null when no answer decided
     * it. The message is bounded to {@link ApiText#MAX_BYTES}: it may quote the API, whose parts were
     * redacted when they arrived.
     */
    record Failure(FailureReason reason, String message, Integer httpStatus, boolean retryable) {
        Failure {
            message = ApiText.bounded(message);
        }

        static Failure of(FailureReason reason, String message, boolean retryable) {
            return new Failure(reason, message, null, retryable);
        }

        static Failure fromAnswer(FailureReason reason, String message, ApiOutcome answer, boolean retryable) {
            return new Failure(reason, message, answer.httpStatus(), retryable);
        }
    }
}
