package dev.inferstream.cli;

import dev.inferstream.config.KafkaConnection;
import dev.inferstream.config.ExportIncludes;
import dev.inferstream.events.ExportContents;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerde;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferstream submit}: publishes one InferenceRequested, keyed by its requestId, and prints it. */
@Command(name = "submit",
        mixinStandardHelpOptions = true,
        description = "Publishes one inference request to the requested topic and prints what was sent.",
        footer = {"",
                "Examples:",
                "  inferstream submit --group acme --project demo-project \\",
                "      --model fast-model --source-id 1001 --source-id 1002 \\",
                "      --output-layer predictions",
                "  inferstream submit --bootstrap-servers kafka:9092 \\",
                "      --schema-registry-url http://registry:8081 \\",
                "      --request-id order-42 --group acme --project 7 --model 12 \\",
                "      --source-id 5 --output-layer 3 --timeout 600 --priority BACKFILL \\",
                "      --attribute order=42 --attribute team=search",
                "",
                "Exit status: 0 when the broker acknowledged the record, 1 when it could not be",
                "published (the reason on one line), 2 for an invalid command line."})
final class SubmitCommand implements Callable<Integer> {

    /** Bounds fetching metadata; delivery gets longer so a slow ack still reports its outcome. */
    private static final long BLOCK_SECONDS = 30;
    private static final long DELIVERY_SECONDS = 60;
    static final int FAILED = 1;

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnectionOptions connectionOptions = new KafkaConnectionOptions();

    @Option(names = "--topic", defaultValue = "${env:INFERSTREAM_REQUESTED_TOPIC:-inference-requested}",
            description = "Topic to publish to (default: $INFERSTREAM_REQUESTED_TOPIC, else inference-requested).")
    private String topic;

    @Option(names = "--request-id", paramLabel = "ID", description = "Idempotency key and record key (default: a random UUID).")
    private Optional<String> requestId = Optional.empty();

    @Option(names = "--group", required = true, description = "AnnoLab group name.")
    private String group;

    @Option(names = "--project", required = true, paramLabel = "ID|NAME", description = "Project id or unique name.")
    private String project;

    @Option(names = "--model", required = true, paramLabel = "ID|NAME", description = "Model id or unique name.")
    private String model;

    @Option(names = "--source-id", required = true, paramLabel = "ID",
            description = "Source id to run on; repeat for several.")
    private List<Long> sourceIds;

    @Option(names = "--output-layer", required = true, paramLabel = "ID|NAME",
            description = "Output layer: a number is sent as an id, anything else as a name.")
    private String outputLayer;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long to wait for the job, at least 1 (default: the service's default).")
    private Optional<Integer> timeoutSeconds = Optional.empty();

    @Option(names = "--priority", defaultValue = "LIVE", description = "LIVE or BACKFILL (default: ${DEFAULT-VALUE}).")
    private Priority priority;

    @Option(names = "--export", negatable = true,
            description = "Export the job's output layer once it finished, so the completed event carries a "
                    + "download URL; --no-export: never (default: the service's INFERSTREAM_EXPORT_RESULTS).")
    private Optional<Boolean> export = Optional.empty();

    @Option(names = "--export-include", paramLabel = "LIST",
            description = "What an export includes: " + ExportIncludes.FORMAT
                    + " (default: the service's INFERSTREAM_EXPORT_INCLUDE).")
    private Optional<String> exportInclude = Optional.empty();

    @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "Correlation data copied to the result; repeatable.")
    private List<String> attributes = new ArrayList<>();

    private final Map<String, String> environment;

    /** @param environment the variables to read, {@code System.getenv()} outside tests */
    SubmitCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        InferenceRequested request = request();
        KafkaConnection connection = connectionOptions.resolve(spec, environment);
        PrintWriter out = spec.commandLine().getOut();
        try {
            KafkaPreflight.check(connection, List.of(topic));
            RecordMetadata sent = publish(connection, request);
            out.printf("sent %s to %s partition %d offset %d:%n%s%n", request.getRequestId(), sent.topic(),
                    sent.partition(), sent.offset(), request);
            out.printf("follow its result: inferstream tail --from-beginning --request-id-prefix %s%n",
                    request.getRequestId());
            out.flush();
            return 0;
        } catch (ToolFailure e) {
            return failed(e.getMessage());
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return failed("could not publish to " + topic + " at " + connection.bootstrapServers() + ": "
                    + ToolErrors.oneLine(e));
        }
    }

    private RecordMetadata publish(KafkaConnection connection, InferenceRequested request)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Object> producerConfig = new HashMap<>(connection.clientProperties());
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(BLOCK_SECONDS));
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(DELIVERY_SECONDS));
        try (SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class)) {
            serde.configure(connection.serdeConfig(), false);
            try (KafkaProducer<String, InferenceRequested> producer =
                         new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
                return producer.send(new ProducerRecord<>(topic, request.getRequestId(), request))
                        .get(BLOCK_SECONDS + DELIVERY_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    private int failed(String reason) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("inferstream submit: " + reason);
        err.flush();
        return FAILED;
    }

    private InferenceRequested request() {
        if (sourceIds.stream().anyMatch(id -> id <= 0)) {
            throw new ParameterException(spec.commandLine(), "--source-id must be positive, was " + sourceIds);
        }
        if (timeoutSeconds.isPresent() && timeoutSeconds.get() < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--timeout must be at least 1 second, was " + timeoutSeconds.get());
        }
        String id = requestId.orElseGet(() -> UUID.randomUUID().toString());
        if (id.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--request-id must not be blank");
        }
        return InferenceRequested.newBuilder()
                .setRequestId(id)
                .setGroupName(group)
                .setProjectIdentifier(project)
                .setModelIdentifier(model)
                .setSourceIds(List.copyOf(sourceIds))
                .setOutputLayerIdentifier(layerIdentifier(outputLayer))
                .setTimeoutSeconds(timeoutSeconds.orElse(null))
                .setPriority(priority)
                .setAttributes(attributeMap())
                .setExportResults(export.orElse(null))
                .setExportContents(exportContents().orElse(null))
                .build();
    }

    private Optional<ExportContents> exportContents() {
        if (exportInclude.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ExportIncludes.parse(exportInclude.get()).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--export-include must be " + ExportIncludes.FORMAT
                        + ", was '" + exportInclude.get() + "'")));
    }

    /** Parsed here rather than by picocli, whose own message for a missing '=' is garbled. */
    private Map<String, String> attributeMap() {
        Map<String, String> parsed = new LinkedHashMap<>();
        for (String attribute : attributes) {
            int equals = attribute.indexOf('=');
            if (equals < 1) {
                throw new ParameterException(spec.commandLine(),
                        "--attribute must be KEY=VALUE with a non-empty KEY, was '" + attribute + "'");
            }
            String key = attribute.substring(0, equals);
            if (parsed.put(key, attribute.substring(equals + 1)) != null) {
                throw new ParameterException(spec.commandLine(), "--attribute " + key + " is given more than once");
            }
        }
        return parsed;
    }

    /** A number is sent as a long (the union's id branch) so AnnoLab need not look the name up. */
    private static Object layerIdentifier(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return text;
        }
    }
}
