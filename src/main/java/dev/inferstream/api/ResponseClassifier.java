package dev.inferstream.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns an HTTP answer into the outcome the rest of Inferstream acts on. No I/O, no Vert.x. Every text
 * taken from the answer is redacted whole, then cut to {@link ApiText#MAX_BYTES}, before it goes anywhere.
 */
final class ResponseClassifier {

    private static final int EXCERPT_BYTES = 200;

    private final Clock clock;
    private final Redactor redactor;
    private final UnknownStatuses unknownStatuses = UnknownStatuses.ofJobs();

    ResponseClassifier(Clock clock, Redactor redactor) {
        this.clock = clock;
        this.redactor = redactor;
    }

    /** A POST answers 201 with the new job; 200 with a job is accepted too. */
    SubmitOutcome submit(HttpAnswer answer, Duration latency) {
        Parsed parsed = parse(answer, latency);
        if (parsed instanceof Unusable unusable) {
            // Every outcome that is not a job is both a SubmitOutcome and a StatusOutcome.
            return (SubmitOutcome) unusable.outcome();
        }
        Job job = (Job) parsed;
        SubmittedJob submitted = new SubmittedJob(job.jobId(), job.status(),
                LenientJson.longValue(job.json(), "projectId"), text(job.json(), "projectName"),
                LenientJson.longValue(job.json(), "outputLayerId"), text(job.json(), "outputLayerName"),
                LenientJson.longs(job.json(), "sourceIds"));
        return new ApiOutcome.Accepted(submitted, answer.status(), latency);
    }

    /** A GET answers 200 with the job's status; an answer about another job is not an answer. */
    StatusOutcome status(long requestedJobId, HttpAnswer answer, Duration latency) {
        Parsed parsed = parse(answer, latency);
        if (parsed instanceof Unusable unusable) {
            return (StatusOutcome) unusable.outcome();
        }
        Job job = (Job) parsed;
        if (job.jobId() != requestedJobId) {
            return new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + " describes job " + job.jobId()
                    + ", not the requested job " + requestedJobId, answer.status(), latency);
        }
        unknownStatuses.saw(job.status(), "job " + requestedJobId);
        return new ApiOutcome.JobStatus(requestedJobId, job.status(), LenientJson.longValue(job.json(), "projectId"),
                LenientJson.longs(job.json(), "sourceIds"), answer.status(), latency);
    }

    /** What a successful answer must hold to describe a job, or the outcome that replaces it. */
    private sealed interface Parsed permits Job, Unusable {}

    private record Job(JsonNode json, long jobId, String status) implements Parsed {}

    private record Unusable(ApiOutcome outcome) implements Parsed {}

    private Parsed parse(HttpAnswer answer, Duration latency) {
        if (!isSuccess(answer.status())) {
            return new Unusable(unsuccessful(answer, latency));
        }
        Optional<JsonNode> json = LenientJson.object(answer.body());
        if (json.isEmpty()) {
            return new Unusable(new ApiOutcome.UnusableAnswer("HTTP " + answer.status()
                    + " body is not a JSON object: " + excerpt(answer.body()), answer.status(), latency));
        }
        OptionalLong jobId = positiveJobId(json.get());
        Optional<String> status = text(json.get(), "status");
        if (jobId.isEmpty() || status.isEmpty()) {
            String missing = jobId.isEmpty() ? "a positive inferenceJobId" : "a text status";
            return new Unusable(new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + " body lacks " + missing,
                    answer.status(), latency));
        }
        return new Job(json.get(), jobId.getAsLong(), status.get());
    }

    /** Any answer but a 2xx: every outcome it can be is shared by all calls. */
    ApiOutcome unsuccessful(HttpAnswer answer, Duration latency) {
        int status = answer.status();
        if (status >= 300 && status < 400) {
            return new ApiOutcome.Rejected(status, redirect(answer), latency);
        }
        return switch (status) {
            case 401 -> new ApiOutcome.Unauthorized(status, latency);
            case 403 -> new ApiOutcome.Forbidden(message(answer), status, latency);
            case 404 -> new ApiOutcome.NotFound(status, latency);
            case 429 -> new ApiOutcome.RateLimited(RetryAfter.parse(answer.retryAfter(), clock), status, latency);
            // Request Timeout and Too Early say "try again", unlike the rest of 4xx.
            case 408, 425 -> new ApiOutcome.Transient("HTTP " + status + ": " + message(answer), status, latency);
            default -> status >= 400 && status < 500
                    ? new ApiOutcome.Rejected(status, message(answer), latency)
                    : new ApiOutcome.Transient("HTTP " + status + ": " + message(answer), status, latency);
        };
    }

    /**
     * Following a redirect would send the Authorization header wherever it points, and retrying would
     * only be redirected again: the base URL is wrong, which no retry fixes.
     */
    private String redirect(HttpAnswer answer) {
        String target = answer.location().map(this::apiText).orElse("no Location");
        return "HTTP " + answer.status() + " redirect to " + target + ": not followed, so the API key is never "
                + "sent to another host; point ANNOLAB_API_URL at the address the API answers on";
    }

    static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    private static OptionalLong positiveJobId(JsonNode job) {
        OptionalLong id = LenientJson.longValue(job, "inferenceJobId");
        return id.isPresent() && id.getAsLong() > 0 ? id : OptionalLong.empty();
    }

    /** A text field of the answer, redacted and bounded: it is copied into events and state. */
    private Optional<String> text(JsonNode json, String field) {
        return LenientJson.text(json, field).map(this::apiText);
    }

    /** The API's {@code {"message"}} when it sent one, otherwise the start of whatever it sent. */
    private String message(HttpAnswer answer) {
        return LenientJson.object(answer.body())
                .flatMap(json -> LenientJson.text(json, "message"))
                .map(text -> apiText(text.strip()))
                .orElseGet(() -> excerpt(answer.body()));
    }

    String excerpt(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "(empty body)" : ApiText.cut(redactor.scrub(text), EXCERPT_BYTES);
    }

    String apiText(String text) {
        return ApiText.bounded(redactor.scrub(text));
    }
}
