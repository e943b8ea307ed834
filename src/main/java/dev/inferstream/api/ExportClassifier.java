package dev.inferstream.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Turns answers of the export API into outcomes. Shares with {@link ResponseClassifier} everything that is
 * not a 2xx; a 2xx must name a status URL on the API base (to a POST) or an export status, with a usable
 * download URL once finished (to a GET). No I/O.
 */
final class ExportClassifier {

    private final ResponseClassifier responses;
    private final StatusUrls statusUrls;
    private final DownloadUrls downloadUrls;
    private final UnknownStatuses unknownStatuses = UnknownStatuses.ofExports();

    ExportClassifier(ResponseClassifier responses, StatusUrls statusUrls, DownloadUrls downloadUrls) {
        this.responses = responses;
        this.statusUrls = statusUrls;
        this.downloadUrls = downloadUrls;
    }

    /** A POST answers 201 with {@code exportStatusUrl} and, usually, {@code exportJob {id, status}}. */
    ExportStartOutcome start(HttpAnswer answer, Duration latency) {
        if (!ResponseClassifier.isSuccess(answer.status())) {
            // Every outcome of a failed call is an outcome of every call.
            return (ExportStartOutcome) responses.unsuccessful(answer, latency);
        }
        Optional<JsonNode> json = LenientJson.object(answer.body());
        if (json.isEmpty()) {
            return notAnObject(answer, latency);
        }
        Optional<String> url = LenientJson.text(json.get(), "exportStatusUrl");
        if (url.isEmpty()) {
            return new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + " body lacks an exportStatusUrl",
                    answer.status(), latency);
        }
        StatusUrls.Checked checked = statusUrls.check(url.get());
        if (checked instanceof StatusUrls.Elsewhere elsewhere) {
            return new ApiOutcome.UntrustedStatusUrl(elsewhere.message(), answer.status(), latency);
        }
        if (checked instanceof StatusUrls.Malformed malformed) {
            return new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + ": " + malformed.cause(),
                    answer.status(), latency);
        }
        JsonNode job = json.get().path("exportJob");
        OptionalLong id = LenientJson.longValue(job, "id");
        return new ApiOutcome.ExportStarted(((StatusUrls.OnBase) checked).url(),
                id.isPresent() && id.getAsLong() > 0 ? id : OptionalLong.empty(),
                LenientJson.text(job, "status").map(responses::apiText), answer.status(), latency);
    }

    /**
     * A GET answers 200 with {@code status}; {@code downloadUrl} once {@code finished}, {@code error} once
     * {@code errored}. A finished export without a usable URL is not an answer: asking again is safe.
     */
    ExportStatusOutcome status(String statusUrl, HttpAnswer answer, Duration latency) {
        if (!ResponseClassifier.isSuccess(answer.status())) {
            return (ExportStatusOutcome) responses.unsuccessful(answer, latency);
        }
        Optional<JsonNode> json = LenientJson.object(answer.body());
        if (json.isEmpty()) {
            return notAnObject(answer, latency);
        }
        Optional<String> status = LenientJson.text(json.get(), "status").map(responses::apiText);
        if (status.isEmpty()) {
            return new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + " body lacks a text status",
                    answer.status(), latency);
        }
        unknownStatuses.saw(status.get(), "export " + ApiText.cut(statusUrl, 200));
        if (!StatusWords.isFinished(status.get())) {
            return new ApiOutcome.ExportProgress(status.get(), Optional.empty(), Optional.empty(),
                    StatusWords.isErrored(status.get()) ? error(json.get()) : Optional.empty(),
                    answer.status(), latency);
        }
        Optional<String> downloadUrl = LenientJson.text(json.get(), "downloadUrl").map(String::strip);
        Optional<String> problem = downloadUrl.isEmpty()
                ? Optional.of("the export finished but the answer has no downloadUrl")
                : downloadUrls.problem(downloadUrl.get());
        if (problem.isPresent()) {
            return new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + ": " + problem.get(), answer.status(),
                    latency);
        }
        return new ApiOutcome.ExportProgress(status.get(), downloadUrl,
                DownloadExpiry.of(json.get(), downloadUrl.get()), Optional.empty(), answer.status(), latency);
    }

    /** AnnoLab's {@code error} as text, or its {@code message} when it is an object; redacted and bounded. */
    private Optional<String> error(JsonNode answer) {
        JsonNode error = answer.path("error");
        if (error.isObject()) {
            return LenientJson.text(error, "message").or(() -> Optional.of(error.toString())).map(responses::apiText);
        }
        return LenientJson.text(answer, "error").or(() -> LenientJson.text(answer, "message"))
                .map(responses::apiText);
    }

    /** A 2xx that is not a JSON object is neither an export nor its status; both interfaces take it. */
    @SuppressWarnings("unchecked")
    private <T extends ApiOutcome> T notAnObject(HttpAnswer answer, Duration latency) {
        return (T) new ApiOutcome.UnusableAnswer("HTTP " + answer.status() + " body is not a JSON object: "
                + responses.excerpt(answer.body()), answer.status(), latency);
    }
}
