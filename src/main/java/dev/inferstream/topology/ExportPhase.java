package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ApiText;
import dev.inferstream.api.ExportRequest;
import dev.inferstream.api.ExportStartOutcome;
import dev.inferstream.api.ExportStatusOutcome;
import dev.inferstream.events.ExportContents;
import dev.inferstream.events.ExportError;
import dev.inferstream.events.ExportFailureReason;
import dev.inferstream.events.ExportedResults;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.ExportState;
import dev.inferstream.state.JobLedger;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The phase after a job finished, for requests that asked for their results: exports the output layer
 * through AnnoLab's export API and only then completes the request, with the download URL or, when the
 * export failed or timed out, with the export's error (a failed export never fails a finished inference).
 *
 * <pre>
 * RUNNING ──Finished──► EXPORT_PENDING ──tick, permit──► EXPORT_STARTING ──commit, next tick──► POST
 *                          ▲  401 / 429 / 5xx / no answer ──┤ 201 ──► EXPORTING ──status checks──► completed
 *                          └─────────────────────────────────┘ 4xx, untrusted status URL ───────► completed (exportError)
 * </pre>
 *
 * <p>{@link JobProcessor} makes the calls with the same permits, watchdogs and commit-before-POST as the
 * inference's; this class decides what a job's export does and what its answers do to it. The phase has
 * its own deadline ({@link TopologySettings.Exports#timeout()}), kept in the job's {@code deadlineAt}.
 */
final class ExportPhase {

    private static final Logger log = LoggerFactory.getLogger(ExportPhase.class);
    private static final String FINISHED = "FINISHED";

    private final TopologySettings settings;
    private final JobLedger ledger;
    private final TerminalEmitter emitter;
    private final PollPlanner planner;
    private final DurationLearner learner;
    private final RetryBudget retryBudget;
    private final JobMetrics jobMetrics;
    private final ExportMetrics metrics;

    ExportPhase(TopologySettings settings, JobLedger ledger, TerminalEmitter emitter, PollPlanner planner,
                DurationLearner learner, RetryBudget retryBudget, JobMetrics metrics) {
        this.settings = settings;
        this.ledger = ledger;
        this.emitter = emitter;
        this.planner = planner;
        this.learner = learner;
        this.retryBudget = retryBudget;
        this.jobMetrics = metrics;
        this.metrics = metrics.exports();
    }

    static boolean isExporting(JobPhase phase) {
        return phase == JobPhase.EXPORT_PENDING || phase == JobPhase.EXPORT_STARTING || phase == JobPhase.EXPORTING;
    }

    // ---- into the phase -----------------------------------------------------------------------

    /**
     * The job finished. Without an export wanted, the request completes now, as it always did; with one,
     * the job keeps what the event will say about it and waits for its export POST, due now.
     */
    void finished(JobState job, ApiOutcome.JobStatus status, long now) {
        InferenceRequested request = job.getRequest();
        if (!wanted(request)) {
            emitter.completed(job, status, now);
            return;
        }
        jobMetrics.detectionWindow(Duration.ofMillis(now - TerminalEmitter.lastSeenRunning(job)));
        if (job.getProjectId() == null) {
            job.setProjectId(Nullables.boxed(status.projectId()));
        }
        job.setExport(ExportState.newBuilder()
                .setContents(contentsOf(request))
                .setLayerName(layerNameOf(job).orElse(null))
                .setFinishedStatus(status.status())
                .setFinishedAt(now)
                .setSourceIds(TerminalEmitter.sourceIdsOf(job, status))
                .build());
        if (job.getExport().getLayerName() == null) {
            fail(job, ExportFailureReason.NOT_EXPORTABLE, "the export was not started: neither the request nor "
                    + "AnnoLab named the output layer, and AnnoLab exports layers by name", Optional.empty(), now);
            return;
        }
        log.debug("requestId={} job {} finished; exporting its output layer", job.getRequestId(),
                job.getInferenceJobId());
        job.setPhase(JobPhase.EXPORT_PENDING);
        job.setDeadlineAt(now + settings.exports().timeout().toMillis());
        job.setConsecutiveTransients(0);
        job.setLastError(null);
        ledger.reschedule(job, now);
    }

    /** Whether the request's results are exported: as it says, or as the service does by default. */
    boolean wanted(InferenceRequested request) {
        return request.getExportResults() != null ? request.getExportResults() : settings.exports().byDefault();
    }

    private ExportContents contentsOf(InferenceRequested request) {
        if (request.getExportContents() != null) {
            return ExportContents.newBuilder(request.getExportContents()).build();
        }
        TopologySettings.Contents contents = settings.exports().contents();
        return new ExportContents(contents.schemas(), contents.sources(), contents.textBounds());
    }

    /** AnnoLab exports layers by name: the one its 201 gave, or the one the request named. */
    private static Optional<String> layerNameOf(JobState job) {
        if (job.getOutputLayerName() != null) {
            return Optional.of(job.getOutputLayerName());
        }
        Object requested = job.getRequest().getOutputLayerIdentifier();
        return requested instanceof CharSequence name ? Optional.of(name.toString()) : Optional.empty();
    }

    // ---- the calls ----------------------------------------------------------------------------

    /** Marks the job as having an export POST that may leave once this is committed. */
    void markStarting(JobState job) {
        job.setPhase(JobPhase.EXPORT_STARTING);
        countStart(job);
    }

    /**
     * The job was found starting its export without this task having prepared it: an earlier owner may
     * have sent the POST before a crash. Another export is harmless (it only makes a second file), so it
     * is started again, and counted.
     */
    void restarted(JobState job) {
        metrics.suspectedDouble();
        log.info("requestId={} was starting its export before a restart; starting it again", job.getRequestId());
        countStart(job);
    }

    private static void countStart(JobState job) {
        job.getExport().setStartAttempts(job.getExport().getStartAttempts() + 1);
    }

    ExportRequest requestOf(JobState job) {
        InferenceRequested request = job.getRequest();
        ExportContents contents = job.getExport().getContents();
        return new ExportRequest(request.getProjectIdentifier(), request.getGroupName(), contents.getIncludeSchemas(),
                contents.getIncludeSources(), contents.getIncludeTextBounds(), request.getSourceIds(),
                List.of(job.getExport().getLayerName()));
    }

    String statusUrlOf(JobState job) {
        return job.getExport().getStatusUrl();
    }

    // ---- answers ------------------------------------------------------------------------------

    /** Applies the answer to an export POST; every outcome must be answered here, or this does not compile. */
    void onStartAnswer(JobState job, Inbox.Delivery delivery, ExportStartOutcome outcome, long now) {
        outcome.match(new ExportStartOutcome.Cases<Void>() {
            @Override
            public Void exportStarted(ApiOutcome.ExportStarted started) {
                startPolling(job, started, delivery.answeredAt());
                return null;
            }

            @Override
            public Void rejected(ApiOutcome.Rejected rejected) {
                fail(job, ExportFailureReason.REJECTED, "AnnoLab rejected the export: " + rejected.message(),
                        Optional.of(rejected), now);
                return null;
            }

            @Override
            public Void unauthorized(ApiOutcome.Unauthorized unauthorized) {
                job.setPhase(JobPhase.EXPORT_PENDING);
                waitForKey(job, now);
                return null;
            }

            @Override
            public Void forbidden(ApiOutcome.Forbidden forbidden) {
                fail(job, ExportFailureReason.UNAUTHORIZED, "AnnoLab refused to export the project (403; the key "
                        + "needs permission to export it): " + forbidden.message(), Optional.of(forbidden), now);
                return null;
            }

            @Override
            public Void notFound(ApiOutcome.NotFound notFound) {
                fail(job, ExportFailureReason.NOT_FOUND, "AnnoLab answered 404 to the export: project or layer "
                        + "unknown to this key", Optional.of(notFound), now);
                return null;
            }

            @Override
            public Void rateLimited(ApiOutcome.RateLimited rateLimited) {
                job.setPhase(JobPhase.EXPORT_PENDING);
                retryLater(job, rateLimited, RetryBudget.causeOf(rateLimited), rateLimited.retryAfter(), now);
                return null;
            }

            @Override
            public Void unusableAnswer(ApiOutcome.UnusableAnswer answer) {
                onUnusableStartAnswer(job, answer, now);
                return null;
            }

            @Override
            public Void untrustedStatusUrl(ApiOutcome.UntrustedStatusUrl untrusted) {
                fail(job, ExportFailureReason.UNTRUSTED_STATUS_URL, untrusted.message(), Optional.of(untrusted), now);
                return null;
            }

            @Override
            public Void failedTransiently(ApiOutcome.Transient failure) {
                if (failure.httpStatus() == ApiOutcome.NO_RESPONSE) {
                    // No answer means the POST may still have started an export; the retry may start another.
                    metrics.suspectedDouble();
                }
                job.setPhase(JobPhase.EXPORT_PENDING);
                retryLater(job, failure, RetryBudget.causeOf(failure), Optional.empty(), now);
                return null;
            }
        });
    }

    /**
     * A 2xx without a status URL Inferstream can use may still have started an export. That is harmless,
     * but a server answering every POST that way would be asked for ever, so the same bound applies as
     * to submissions.
     */
    private void onUnusableStartAnswer(JobState job, ApiOutcome.UnusableAnswer answer, long now) {
        metrics.suspectedDouble();
        ExportState export = job.getExport();
        export.setUnusableAnswers(export.getUnusableAnswers() + 1);
        if (export.getUnusableAnswers() >= settings.retries().maxUnusableAnswers()) {
            fail(job, ExportFailureReason.UNKNOWN, "AnnoLab answered " + export.getUnusableAnswers() + " export "
                    + "POST(s) with HTTP 2xx but no usable status URL (last: " + answer.cause() + ")",
                    Optional.of(answer), now);
            return;
        }
        job.setPhase(JobPhase.EXPORT_PENDING);
        retryLater(job, answer, RetryBudget.causeOf(answer), Optional.empty(), now);
    }

    private void startPolling(JobState job, ApiOutcome.ExportStarted started, long answeredAt) {
        metrics.started();
        ExportState export = job.getExport();
        job.setPhase(JobPhase.EXPORTING);
        export.setStatusUrl(started.statusUrl());
        export.setExportJobId(started.exportJobId().isPresent() ? started.exportJobId().getAsLong() : null);
        export.setStartedAt(answeredAt);
        export.setLastStatus(started.status().orElse(null));
        job.setConsecutiveTransients(0);
        log.debug("requestId={} export started ({})", job.getRequestId(), started.statusUrl());
        ledger.reschedule(job, planner.firstCheckAt(job, learnedAs(job), answeredAt));
    }

    /** Applies the answer to an export status check; every outcome must be answered here, or this does not compile. */
    void onStatusAnswer(JobState job, Inbox.Delivery delivery, ExportStatusOutcome outcome, long now) {
        ExportState export = job.getExport();
        export.setStatusChecks(export.getStatusChecks() + 1);
        outcome.match(new ExportStatusOutcome.Cases<Void>() {
            @Override
            public Void exportProgress(ApiOutcome.ExportProgress progress) {
                onProgress(job, progress, delivery.sentAt(), now);
                return null;
            }

            @Override
            public Void rejected(ApiOutcome.Rejected rejected) {
                fail(job, ExportFailureReason.REJECTED, "AnnoLab rejected the export status request: "
                        + rejected.message(), Optional.of(rejected), now);
                return null;
            }

            @Override
            public Void unauthorized(ApiOutcome.Unauthorized unauthorized) {
                waitForKey(job, now);
                return null;
            }

            @Override
            public Void forbidden(ApiOutcome.Forbidden forbidden) {
                fail(job, ExportFailureReason.UNAUTHORIZED, "AnnoLab refused the export's status (403): "
                        + forbidden.message(), Optional.of(forbidden), now);
                return null;
            }

            @Override
            public Void notFound(ApiOutcome.NotFound notFound) {
                fail(job, ExportFailureReason.NOT_FOUND, "the export status URL answered 404: no such export, or "
                        + "the key may not see it", Optional.of(notFound), now);
                return null;
            }

            @Override
            public Void rateLimited(ApiOutcome.RateLimited rateLimited) {
                retryLater(job, rateLimited, RetryBudget.causeOf(rateLimited), rateLimited.retryAfter(), now);
                return null;
            }

            @Override
            public Void unusableAnswer(ApiOutcome.UnusableAnswer answer) {
                // A status GET starts nothing: asking again is safe.
                retryLater(job, answer, RetryBudget.causeOf(answer), Optional.empty(), now);
                return null;
            }

            @Override
            public Void untrustedStatusUrl(ApiOutcome.UntrustedStatusUrl untrusted) {
                fail(job, ExportFailureReason.UNTRUSTED_STATUS_URL, untrusted.message(), Optional.of(untrusted), now);
                return null;
            }

            @Override
            public Void failedTransiently(ApiOutcome.Transient failure) {
                retryLater(job, failure, RetryBudget.causeOf(failure), Optional.empty(), now);
                return null;
            }
        });
    }

    private void onProgress(JobState job, ApiOutcome.ExportProgress progress, long sentAt, long now) {
        ExportState export = job.getExport();
        boolean ended = progress.isFinished() || progress.isErrored();
        learner.checked(learnedAs(job), export.getStatusChecks(), export.getStartedAt(), export.getLastRunningAt(),
                sentAt, ended);
        export.setLastStatus(progress.status());
        if (progress.isFinished()) {
            delivered(job, progress, now);
        } else if (progress.isErrored()) {
            fail(job, ExportFailureReason.EXPORT_ERRORED, "the export ended with status " + progress.status()
                    + progress.error().map(error -> ": " + error).orElse(""), Optional.of(progress), now);
        } else if (now >= job.getDeadlineAt()) {
            timedOut(job, false, now);
        } else {
            export.setLastRunningAt(sentAt);
            job.setConsecutiveTransients(0);
            ledger.reschedule(job, planner.nextCheckAt(job, export.getStartedAt(), export.getStatusChecks(), now));
        }
    }

    /** How long an export takes is not how long its job took: learned apart, per model. */
    private static String learnedAs(JobState job) {
        return "export:" + job.getRequest().getModelIdentifier();
    }

    // ---- out of the phase ---------------------------------------------------------------------

    private void delivered(JobState job, ApiOutcome.ExportProgress progress, long now) {
        ExportState export = job.getExport();
        ExportedResults results = ExportedResults.newBuilder()
                .setDownloadUrl(progress.downloadUrl().orElseThrow())
                .setExpiresAt(progress.expiresAt().orElse(null))
                .setExportedAt(Instant.ofEpochMilli(now))
                .setExportJobId(export.getExportJobId())
                .setExportStatusUrl(export.getStatusUrl())
                .setContents(export.getContents())
                .setAnnotationLayerNames(List.of(export.getLayerName()))
                .setSourceIds(job.getRequest().getSourceIds())
                .build();
        metrics.finished(job.getRequest().getModelIdentifier(), Duration.ofMillis(now - export.getFinishedAt()));
        log.debug("requestId={} export finished", job.getRequestId());
        export.setOutcome(FINISHED);
        emitter.exported(job, results, now);
    }

    /**
     * The export's deadline passed: unsubmitted, with its POST unanswered, or with a last status check that
     * found it still running. The request completes without results.
     */
    void timedOut(JobState job, boolean postUnanswered, long now) {
        String where;
        if (job.getExport().getStatusUrl() != null) {
            where = "it was still " + Optional.ofNullable(job.getExport().getLastStatus()).orElse("not reported");
        } else if (postUnanswered) {
            where = "its POST was still unanswered, so AnnoLab may have started one";
        } else {
            where = "it was never started";
        }
        fail(job, ExportFailureReason.TIMED_OUT, "no finished export within "
                + settings.exports().timeout().toSeconds() + " s; " + where, Optional.empty(), now);
    }

    private void waitForKey(JobState job, long now) {
        settle(job, retryBudget.afterUnauthorized(job, now), Optional.empty(), "", now);
    }

    private void retryLater(JobState job, ApiOutcome outcome, String cause, Optional<Duration> retryAfter, long now) {
        settle(job, retryBudget.afterFailure(job, cause, retryAfter, now), Optional.of(outcome), cause, now);
    }

    private void settle(JobState job, RetryBudget.Next next, Optional<ApiOutcome> outcome, String cause, long now) {
        if (next instanceof RetryBudget.RetryAt retry) {
            ledger.reschedule(job, retry.dueAt());
        } else if (next instanceof RetryBudget.OutOfRetries exhausted) {
            fail(job, ExportFailureReason.RETRIES_EXHAUSTED, exhausted.failures() + " transient failures in a row; "
                    + "last: " + cause, outcome, now);
        } else {
            timedOut(job, false, now);
        }
    }

    private void fail(JobState job, ExportFailureReason reason, String message, Optional<? extends ApiOutcome> answer,
                      long now) {
        ExportState export = job.getExport();
        ExportError error = ExportError.newBuilder()
                .setReason(reason)
                .setMessage(ApiText.bounded(message))
                .setHttpStatus(answer.map(ApiOutcome::httpStatus).filter(status -> status != ApiOutcome.NO_RESPONSE)
                        .orElse(null))
                .setExportJobId(export.getExportJobId())
                .setFailedAt(Instant.ofEpochMilli(now))
                .build();
        log.info("requestId={} completed without its export: {} {}", job.getRequestId(), reason, error.getMessage());
        metrics.errored(job.getRequest().getModelIdentifier(), reason.name(),
                Duration.ofMillis(now - export.getFinishedAt()));
        export.setOutcome(reason.name());
        export.setError(error.getMessage());
        emitter.exportFailed(job, error, now);
    }
}
