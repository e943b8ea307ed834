package dev.inferstream.cli;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The readable form of a {@code tail} event, one line each, aligned so a column of ids and outcomes can be
 * scanned by eye:
 * <pre>
 * 2026-11-27T10:00:03.120Z  COMPLETED          demo-004  fast-model @ demo-project  job 17 Finished after 2.3 s (1 POST, 2 checks)
 * 2026-11-27T10:00:03.120Z  COMPLETED          demo-005  fast-model @ demo-project  job 18 Finished after 2.1 s (1 POST, 2 checks)  results https://... (expires 2026-11-27T10:15:03Z)
 * 2026-11-27T10:00:05.000Z  FAILED REJECTED    demo-000  no-such-model @ demo-project  HTTP 400, not retryable: Model ...
 * 2026-11-27T10:00:05.100Z  DEAD LETTER        not-avro  inference-requested-dlq 1:17: the first byte is not the magic byte 0
 * </pre>
 */
final class TailLine {

    private static final int OUTCOME_WIDTH = 26;

    private TailLine() {
    }

    static String of(TailEvent event) {
        if (event instanceof TailEvent.Completed done) {
            return completed(done);
        }
        if (event instanceof TailEvent.Failed failed) {
            return failed(failed);
        }
        if (event instanceof TailEvent.DeadLetter dead) {
            String why = dead.errorHeaders().getOrDefault(TailSource.ERROR_MESSAGE_HEADER,
                    dead.errorHeaders().getOrDefault(TailSource.ERROR_EXCEPTION_HEADER, "no reason recorded"));
            return line(dead.position().timestamp(), "DEAD LETTER", dead.key(), dead.position() + ": " + why);
        }
        TailEvent.Unreadable unreadable = (TailEvent.Unreadable) event;
        return line(unreadable.position().timestamp(), "UNREADABLE", unreadable.key(),
                unreadable.position() + ": " + unreadable.problem());
    }

    private static String completed(TailEvent.Completed done) {
        InferenceCompleted event = done.event();
        Duration ran = Duration.between(event.getSubmittedAt(), event.getCompletedAt());
        return line(event.getCompletedAt(), "COMPLETED", event.getRequestId(), what(event.getRequest())
                + "  job " + event.getInferenceJobId() + " " + event.getStatus() + " after " + seconds(ran)
                + " (" + plural(event.getSubmitAttempts(), "POST") + ", "
                + plural(event.getStatusChecks(), "check") + ")" + export(event));
    }

    /** The download URL is the point of an export, so it is shown whole: a cut URL would not download. */
    private static String export(InferenceCompleted event) {
        if (event.getResults() != null) {
            Instant expires = event.getResults().getExpiresAt();
            return "  results " + event.getResults().getDownloadUrl()
                    + (expires == null ? " (expiry not stated)" : " (expires " + expires + ")");
        }
        if (event.getExportError() != null) {
            return "  export failed " + event.getExportError().getReason() + ": " + event.getExportError().getMessage();
        }
        return "";
    }

    private static String failed(TailEvent.Failed failed) {
        InferenceFailed event = failed.event();
        StringBuilder detail = new StringBuilder();
        if (event.getRequest() != null) {
            detail.append(what(event.getRequest())).append("  ");
        }
        if (event.getHttpStatus() != null) {
            detail.append("HTTP ").append(event.getHttpStatus()).append(", ");
        }
        if (event.getInferenceJobId() != null) {
            detail.append("job ").append(event.getInferenceJobId()).append(", ");
        }
        detail.append(event.getRetryable() ? "retryable" : "not retryable").append(": ").append(event.getMessage());
        return line(event.getFailedAt(), "FAILED " + event.getReason(), event.getRequestId(), detail.toString());
    }

    private static String what(InferenceRequested request) {
        return request.getModelIdentifier() + " @ " + request.getProjectIdentifier();
    }

    private static String line(Instant at, String outcome, String requestId, String detail) {
        return at.truncatedTo(ChronoUnit.MILLIS) + "  " + pad(outcome) + requestId + "  " + detail;
    }

    private static String pad(String outcome) {
        return outcome.length() >= OUTCOME_WIDTH ? outcome + " " : outcome + " ".repeat(OUTCOME_WIDTH - outcome.length());
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
