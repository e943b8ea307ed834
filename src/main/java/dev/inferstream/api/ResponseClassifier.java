package dev.inferstream.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/** Turns an HTTP answer into the outcome the rest of Inferstream acts on. Pure: no I/O, no Vert.x. */
final class ResponseClassifier {

    private static final int EXCERPT_CHARS = 200;

    private final Clock clock;
    private final Redactor redactor;

    ResponseClassifier(Clock clock, Redactor redactor) {
        this.clock = clock;
        this.redactor = redactor;
    }

    /** A POST answers 201 with the new job; 200 with a job is accepted too. */
    SubmitOutcome submit(HttpAnswer answer, Duration latency) {
        if (!isSuccess(answer.status())) {
            // Every unsuccessful outcome is both a SubmitOutcome and a StatusOutcome.
            return (SubmitOutcome) unsuccessful(answer, latency);
        }
        Optional<JsonNode> json = LenientJson.object(answer.body());
        if (json.isEmpty()) {
            return notJson(answer, latency);
        }
        JsonNode job = json.get();
        OptionalLong jobId = positiveJobId(job);
        Optional<String> status = LenientJson.text(job, "status");
        if (jobId.isEmpty() || status.isEmpty()) {
            return malformed(answer, jobId, latency);
        }
        SubmittedJob submitted = new SubmittedJob(jobId.getAsLong(), status.get(),
                LenientJson.longValue(job, "projectId"), LenientJson.text(job, "projectName"),
                LenientJson.longValue(job, "outputLayerId"), LenientJson.text(job, "outputLayerName"),
                LenientJson.longs(job, "sourceIds"));
        return new ApiOutcome.Accepted(submitted, answer.status(), latency);
    }

    /** A GET answers 200 with the job's status; an answer about another job is not an answer. */
    StatusOutcome status(long requestedJobId, HttpAnswer answer, Duration latency) {
        if (!isSuccess(answer.status())) {
            return (StatusOutcome) unsuccessful(answer, latency);
        }
        Optional<JsonNode> json = LenientJson.object(answer.body());
        if (json.isEmpty()) {
            return notJson(answer, latency);
        }
        JsonNode job = json.get();
        OptionalLong jobId = positiveJobId(job);
        Optional<String> status = LenientJson.text(job, "status");
        if (jobId.isEmpty() || status.isEmpty()) {
            return malformed(answer, jobId, latency);
        }
        if (jobId.getAsLong() != requestedJobId) {
            return new ApiOutcome.Transient("HTTP " + answer.status() + " describes job " + jobId.getAsLong()
                    + ", not the requested job " + requestedJobId, answer.status(), latency);
        }
        return new ApiOutcome.JobStatus(requestedJobId, status.get(), LenientJson.longValue(job, "projectId"),
                LenientJson.longs(job, "sourceIds"), answer.status(), latency);
    }

    private ApiOutcome unsuccessful(HttpAnswer answer, Duration latency) {
        int status = answer.status();
        return switch (status) {
            case 401 -> new ApiOutcome.Unauthorized(status, latency);
            case 403 -> new ApiOutcome.Forbidden(message(answer), status, latency);
            case 404 -> new ApiOutcome.NotFound(status, latency);
            case 429 -> new ApiOutcome.RateLimited(RetryAfter.parse(answer.retryAfter(), clock), status, latency);
            // Request Timeout and Too Early say "try again", unlike the rest of 4xx.
            case 408, 425 -> new ApiOutcome.Transient("HTTP " + status + ": " + message(answer), status, latency);
            default -> status >= 400 && status < 500
                    ? new ApiOutcome.Rejected(status, message(answer), latency)
                    // 5xx, and redirects (not followed, so the key never travels elsewhere): may pass.
                    : new ApiOutcome.Transient("HTTP " + status + ": " + message(answer), status, latency);
        };
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static OptionalLong positiveJobId(JsonNode job) {
        OptionalLong id = LenientJson.longValue(job, "inferenceJobId");
        return id.isPresent() && id.getAsLong() > 0 ? id : OptionalLong.empty();
    }

    private ApiOutcome.Transient notJson(HttpAnswer answer, Duration latency) {
        return new ApiOutcome.Transient("HTTP " + answer.status() + " body is not a JSON object: "
                + excerpt(answer.body()), answer.status(), latency);
    }

    private static ApiOutcome.Transient malformed(HttpAnswer answer, OptionalLong jobId, Duration latency) {
        String missing = jobId.isEmpty() ? "a positive inferenceJobId" : "a status";
        return new ApiOutcome.Transient("HTTP " + answer.status() + " body lacks " + missing,
                answer.status(), latency);
    }

    /** The API's {@code {"message"}} when it sent one, otherwise the start of whatever it sent. */
    private String message(HttpAnswer answer) {
        return LenientJson.object(answer.body())
                .flatMap(json -> LenientJson.text(json, "message"))
                .map(text -> redactor.scrub(text.strip()))
                .orElseGet(() -> excerpt(answer.body()));
    }

    private String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        if (text.isEmpty()) {
            return "(empty body)";
        }
        String cut = text.length() > EXCERPT_CHARS ? text.substring(0, EXCERPT_CHARS) + "…" : text;
        return redactor.scrub(cut);
    }
}
