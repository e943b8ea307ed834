package dev.inferstream.harness.bench;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.inferstream.events.InferenceRequested;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What most teams write first: inside {@code process()}, POST the job, then sleep and GET its status
 * until it ends, then forward the job id. The stream thread is blocked for the whole job, so one
 * thread runs one job at a time. Errors end the record with job id {@code -1} rather than retrying:
 * the bench runs it without faults, and retries would not change its throughput.
 */
final class NaiveBlockingProcessor implements Processor<String, InferenceRequested, String, String> {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Set<String> TERMINAL = Set.of("Finished", "Errored");
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;
    private final BooleanSupplier closing;
    private ProcessorContext<String, String> context;

    /** {@code closing} turns true once the bench closes the system: the job in hand is abandoned. */
    NaiveBlockingProcessor(HttpClient http, String baseUrl, String apiKey, BooleanSupplier closing) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.apiKey = apiKey;
        this.closing = closing;
    }

    @Override
    public void init(ProcessorContext<String, String> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, InferenceRequested> record) {
        long jobId;
        try {
            jobId = runJob(record.value());
        } catch (IOException e) {
            jobId = -1;
        } catch (AbandonedException e) {
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        context.forward(new Record<>(record.key(), Long.toString(jobId), System.currentTimeMillis()));
    }

    /** The bench is closing this system; the record stays unanswered. */
    private static final class AbandonedException extends Exception {
        AbandonedException() {
            super(null, null, false, false);
        }
    }

    private long runJob(InferenceRequested request) throws IOException, InterruptedException, AbandonedException {
        if (closing.getAsBoolean()) {
            throw new AbandonedException();
        }
        JsonNode body = JSON.createObjectNode()
                .put("groupName", request.getGroupName())
                .put("projectIdentifier", request.getProjectIdentifier())
                .put("modelIdentifier", request.getModelIdentifier())
                .put("outputLayerIdentifier", String.valueOf(request.getOutputLayerIdentifier()))
                .set("sourceIds", JSON.valueToTree(request.getSourceIds()));
        HttpResponse<String> submitted = http.send(call("/v1/infer/batch")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        if (submitted.statusCode() != 201) {
            throw new IOException("submit answered " + submitted.statusCode());
        }
        long jobId = JSON.readTree(submitted.body()).get("inferenceJobId").asLong();
        while (true) {
            Thread.sleep(POLL_INTERVAL.toMillis());
            if (closing.getAsBoolean()) {
                throw new AbandonedException();
            }
            HttpResponse<String> status = http.send(call("/v1/infer/batch/" + jobId).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() != 200) {
                throw new IOException("status answered " + status.statusCode());
            }
            if (TERMINAL.contains(JSON.readTree(status.body()).get("status").asText())) {
                return jobId;
            }
        }
    }

    private HttpRequest.Builder call(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Api-Key " + apiKey).header("Content-Type", "application/json");
    }
}
