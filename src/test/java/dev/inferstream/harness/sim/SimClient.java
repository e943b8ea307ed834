package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Plain java.net.http calls against a simulator, deliberately independent of the project's own client. */
final class SimClient {

    static final ObjectMapper MAPPER = new ObjectMapper();

    record Answer(int status, String body, Optional<String> retryAfter) {
        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    SimClient(AnnoLabSimulator sim) {
        this(sim.baseUrl());
    }

    SimClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String body(String project, String model, String layer, long... sourceIds) {
        var node = MAPPER.createObjectNode()
                .put("projectIdentifier", project)
                .put("modelIdentifier", model)
                .put("outputLayerIdentifier", layer)
                .put("groupName", "group-a");
        var ids = node.putArray("sourceIds");
        for (long id : sourceIds) {
            ids.add(id);
        }
        return node.toString();
    }

    Answer submit(String body, String apiKey) throws IOException, InterruptedException {
        return send(request("/v1/infer/batch", Optional.of(apiKey))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer submitWithoutKey(String body) throws IOException, InterruptedException {
        return send(request("/v1/infer/batch", Optional.empty()).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer status(long jobId, String apiKey) throws IOException, InterruptedException {
        return send(request("/v1/infer/batch/" + jobId, Optional.of(apiKey)).GET());
    }

    Answer get(String path, String apiKey) throws IOException, InterruptedException {
        return send(request(path, Optional.of(apiKey)).GET());
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send(request(path, Optional.empty()).GET());
    }

    Answer post(String path) throws IOException, InterruptedException {
        return send(request(path, Optional.empty()).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path, Optional.empty()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** An export body as the docs describe it; no source or layer restriction when none are given. */
    static String exportBody(String project, List<String> layers, long... sourceIds) {
        var node = MAPPER.createObjectNode()
                .put("projectIdentifier", project)
                .put("groupName", "group-a")
                .put("includeSchemas", true)
                .put("includeSources", false)
                .put("includeTextBounds", true);
        if (sourceIds.length > 0) {
            var ids = node.putArray("sourceIds");
            for (long id : sourceIds) {
                ids.add(id);
            }
        }
        if (!layers.isEmpty()) {
            layers.forEach(node.putArray("annotationLayerNames")::add);
        }
        return node.toString();
    }

    Answer export(String body, String apiKey) throws IOException, InterruptedException {
        return send(request("/v1/export/project", Optional.of(apiKey))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Starts an export that must be accepted and returns its status URL. */
    String exportOk(String body, String apiKey) throws IOException, InterruptedException {
        Answer answer = export(body, apiKey);
        if (answer.status() != 201) {
            throw new AssertionError("expected 201, got " + answer);
        }
        return answer.json().get("exportStatusUrl").asText();
    }

    /** A GET of an absolute URL the simulator handed out, with the key or (a download URL) without. */
    Answer getUrl(String url, Optional<String> apiKey) throws IOException, InterruptedException {
        return send(requestTo(url, apiKey).GET());
    }

    /** Submits a body that must be accepted and returns the job id. */
    long submitOk(String body, String apiKey) throws IOException, InterruptedException {
        Answer answer = submit(body, apiKey);
        if (answer.status() != 201) {
            throw new AssertionError("expected 201, got " + answer);
        }
        return MAPPER.readTree(answer.body().replace(",}", "}")).get("inferenceJobId").asLong();
    }

    String statusOf(long jobId, String apiKey) throws IOException, InterruptedException {
        return status(jobId, apiKey).json().get("status").asText();
    }

    private HttpRequest.Builder request(String path, Optional<String> apiKey) {
        return requestTo(baseUrl + path, apiKey);
    }

    private static HttpRequest.Builder requestTo(String url, Optional<String> apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        apiKey.ifPresent(key -> builder.header("Authorization", "Api-Key " + key));
        return builder;
    }

    private Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }
}
