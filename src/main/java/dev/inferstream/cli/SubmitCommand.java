package dev.inferstream.cli;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.AvroSerdeConfig;
import dev.inferstream.serde.SpecificAvroSerde;
import java.io.PrintWriter;
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
                "  inferstream submit --group acme --project demo-project --model fast-model \\",
                "      --source-id 1001 --source-id 1002 --output-layer predictions",
                "  inferstream submit --bootstrap-servers kafka:9092 --schema-registry-url http://registry:8081 \\",
                "      --request-id order-42 --group acme --project 7 --model 12 --source-id 5 --output-layer 3 \\",
                "      --timeout 600 --priority BACKFILL --attribute order=42 --attribute team=search"})
final class SubmitCommand implements Callable<Integer> {

    /** Bounds connecting and fetching metadata; delivery gets longer so a slow ack still reports its outcome. */
    private static final long BLOCK_SECONDS = 30;
    private static final long DELIVERY_SECONDS = 60;

    @Spec
    private CommandSpec spec;

    @Mixin
    private KafkaConnectionOptions connection = new KafkaConnectionOptions();

    @Option(names = "--topic", defaultValue = "${env:INFERSTREAM_REQUESTED_TOPIC:-inference-requested}",
            description = "Topic to publish to (default: ${DEFAULT-VALUE}).")
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
            description = "How long to wait for the job (default: the service's default).")
    private Optional<Integer> timeoutSeconds = Optional.empty();

    @Option(names = "--priority", defaultValue = "LIVE", description = "LIVE or BACKFILL (default: ${DEFAULT-VALUE}).")
    private Priority priority;

    @Option(names = "--attribute", paramLabel = "KEY=VALUE", description = "Correlation data copied to the result; repeatable.")
    private Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    public Integer call() throws InterruptedException {
        InferenceRequested request = request();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(BLOCK_SECONDS),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(DELIVERY_SECONDS));
        PrintWriter out = spec.commandLine().getOut();
        try (SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class)) {
            serde.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, connection.schemaRegistryUrl()), false);
            try (KafkaProducer<String, InferenceRequested> producer =
                         new KafkaProducer<>(producerConfig, new StringSerializer(), serde.serializer())) {
                RecordMetadata sent = producer.send(new ProducerRecord<>(topic, request.getRequestId(), request))
                        .get(BLOCK_SECONDS + DELIVERY_SECONDS, TimeUnit.SECONDS);
                out.printf("sent %s to %s partition %d offset %d:%n%s%n", request.getRequestId(), sent.topic(),
                        sent.partition(), sent.offset(), request);
                out.flush();
                return 0;
            }
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            // One line, not a stack trace: these are a broker or registry being unreachable or refusing.
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String detail = cause.getCause() == null ? cause.toString() : cause + ": " + cause.getCause().getMessage();
            spec.commandLine().getErr().println("inferstream: could not publish to " + topic + " at "
                    + connection.bootstrapServers() + ": " + detail);
            return 1;
        }
    }

    private InferenceRequested request() {
        if (sourceIds.stream().anyMatch(id -> id <= 0)) {
            throw new ParameterException(spec.commandLine(), "--source-id must be positive, was " + sourceIds);
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
                .setAttributes(Map.copyOf(attributes))
                .build();
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
