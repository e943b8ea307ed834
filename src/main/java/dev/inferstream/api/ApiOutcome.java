package dev.inferstream.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Every answer the API can give, including no answer at all. Each outcome carries the HTTP status
 * (0 when no response arrived) and the call's latency, for metrics.
 */
public sealed interface ApiOutcome permits SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {

    /** HTTP status of the response, or {@link #NO_RESPONSE} when none arrived. */
    int httpStatus();

    Duration latency();

    int NO_RESPONSE = 0;

    /** 201 to a POST: the job exists. */
    record Accepted(SubmittedJob job, int httpStatus, Duration latency) implements SubmitOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.accepted(this);
        }
    }

    /** 200 to a GET: the job's status as the API reported it. */
    record JobStatus(long jobId, String status, OptionalLong projectId, List<Long> sourceIds,
                     int httpStatus, Duration latency) implements StatusOutcome {

        public JobStatus {
            sourceIds = List.copyOf(sourceIds);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.jobStatus(this);
        }

        public boolean isFinished() {
            return StatusWords.isFinished(status);
        }

        /**
         * Errored, or a word AnnoLab's other job APIs use for a job that ended without success
         * (Failed, Error, Cancelled, PartialError, …): waiting longer would only turn it into a timeout.
         */
        public boolean isErrored() {
            return StatusWords.isErrored(status);
        }

        /** Finished or errored end a job; any other status, known or not, means still running. */
        public boolean isTerminal() {
            return isFinished() || isErrored();
        }
    }

    /**
     * 400 or another 4xx that retrying cannot fix; also a 3xx, which is never followed so the key is
     * never sent to another host.
     */
    record Rejected(int httpStatus, String message, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.rejected(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.rejected(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.rejected(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.rejected(this);
        }
    }

    /** 401: the API key is wrong or revoked. Affects every call, not one request. */
    record Unauthorized(int httpStatus, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.unauthorized(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.unauthorized(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.unauthorized(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.unauthorized(this);
        }
    }

    /** 403: the key lacks permission for this project (AnnoLab's "Model Run" permission). */
    record Forbidden(String message, int httpStatus, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.forbidden(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.forbidden(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.forbidden(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.forbidden(this);
        }
    }

    /** 404: no such job, or a job this key may not see. */
    record NotFound(int httpStatus, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.notFound(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.notFound(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.notFound(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.notFound(this);
        }
    }

    /** 429: slow down; {@code retryAfter} is the server's Retry-After when it sent a usable one. */
    record RateLimited(Optional<Duration> retryAfter, int httpStatus, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.rateLimited(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.rateLimited(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.rateLimited(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.rateLimited(this);
        }
    }

    /**
     * A 2xx whose body does not describe the job: not a JSON object, no positive {@code inferenceJobId}
     * that fits a long, no text status, or another job's id. To a POST this is not a plain failure: the
     * API said yes, so a job may exist that Inferstream cannot name.
     */
    record UnusableAnswer(String cause, int httpStatus, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.unusableAnswer(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.unusableAnswer(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.unusableAnswer(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.unusableAnswer(this);
        }
    }

    /** A failure that may pass: 5xx, 408, 425, connection refused or reset, a call timeout, an oversized body. */
    record Transient(String cause, int httpStatus, Duration latency)
            implements SubmitOutcome, StatusOutcome, ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(SubmitOutcome.Cases<R> cases) {
            return cases.failedTransiently(this);
        }

        @Override
        public <R> R match(StatusOutcome.Cases<R> cases) {
            return cases.failedTransiently(this);
        }

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.failedTransiently(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.failedTransiently(this);
        }
    }
    /**
     * 201 to an export POST: AnnoLab started exporting. {@code statusUrl} is on the configured API base
     * (any other is {@link UntrustedStatusUrl}); {@code exportJobId} and {@code status} are the
     * {@code exportJob} AnnoLab describes, when it does.
     */
    record ExportStarted(String statusUrl, OptionalLong exportJobId, Optional<String> status, int httpStatus,
                         Duration latency) implements ExportStartOutcome {
        /** The longest status URL an answer may give: a longer one is not an answer Inferstream uses. */
        public static final int MAX_STATUS_URL_CHARS = StatusUrls.MAX_CHARS;

        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.exportStarted(this);
        }
    }

    /**
     * 200 to an export status GET. A finished export always carries a usable {@code downloadUrl} (one
     * without is an {@link UnusableAnswer}); {@code expiresAt} is when AnnoLab says that URL stops
     * working; {@code error} is AnnoLab's explanation of an errored export, redacted and bounded.
     */
    record ExportProgress(String status, Optional<String> downloadUrl, Optional<Instant> expiresAt,
                          Optional<String> error, int httpStatus, Duration latency) implements ExportStatusOutcome {
        /** The longest download URL handed on: a longer one is not an answer Inferstream uses. */
        public static final int MAX_DOWNLOAD_URL_CHARS = DownloadUrls.MAX_CHARS;

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.exportProgress(this);
        }

        public boolean isFinished() {
            return StatusWords.isFinished(status);
        }

        public boolean isErrored() {
            return StatusWords.isErrored(status);
        }
    }

    /**
     * An export status URL that does not point at the configured API base (another host, port, scheme or
     * path, or credentials in the URL): it is never called, so the API key is never sent there. As the
     * answer to a POST it carries the POST's status; as the answer to a status check that was never made,
     * {@link #NO_RESPONSE}.
     */
    record UntrustedStatusUrl(String message, int httpStatus, Duration latency)
            implements ExportStartOutcome, ExportStatusOutcome {
        @Override
        public <R> R match(ExportStartOutcome.Cases<R> cases) {
            return cases.untrustedStatusUrl(this);
        }

        @Override
        public <R> R match(ExportStatusOutcome.Cases<R> cases) {
            return cases.untrustedStatusUrl(this);
        }
    }
}
