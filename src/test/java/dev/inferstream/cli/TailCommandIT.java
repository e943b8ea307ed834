package dev.inferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.EmbeddedSchemaRegistry;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code inferstream tail} against a real broker and the loopback registry, as a user runs it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TailCommandIT {

    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();
    private static final Instant SUBMITTED = Instant.parse("2026-11-27T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start() throws Exception {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(TOPICS.partitioned(2, 1));
        registry = EmbeddedSchemaRegistry.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        send(TOPICS.completed(), completed("order-1", "acme", "ocr"));
        send(TOPICS.failed(), failed("order-2", "acme", "ocr", FailureReason.TIMED_OUT));
        send(TOPICS.failed(), failed("batch-3", "globex", "classifier", FailureReason.REJECTED));
        send(TOPICS.completed(), completed("batch-4", "globex", "classifier"));
        producer.send(new ProducerRecord<>(TOPICS.deadLetters(), null, null, bytes("garbage-5"), bytes("not avro"),
                List.of(new RecordHeader("__streams.errors.exception", bytes("SerializationException")),
                        new RecordHeader("__streams.errors.message", bytes("first byte is not the magic byte 0")),
                        new RecordHeader("__streams.errors.stacktrace", bytes("at somewhere"))))).get();
    }

    @AfterAll
    void stop() {
        producer.close();
        registry.close();
        broker.close();
    }

    @Test
    void fromTheBeginningWithoutFollowing_printsOneReadableLinePerResult_andStops() {
        Run run = tail("--from-beginning", "--no-follow");
        System.out.println(run.out());

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(4);
        assertThat(line(run, "order-1")).contains("COMPLETED", "ocr @ acme", "job 17 Finished after 2.5 s",
                "(1 POST, 2 checks)");
        assertThat(line(run, "order-2")).contains("FAILED TIMED_OUT", "ocr @ acme", "retryable",
                "no terminal status within 60 s");
        assertThat(line(run, "batch-3")).contains("FAILED REJECTED", "HTTP 400", "not retryable");
        assertThat(run.err()).contains("tail: 4 events shown").doesNotContain("Exception");
    }

    @Test
    void filters_byRequestIdPrefixProjectModelAndReason() {
        assertThat(tail("--from-beginning", "--no-follow", "--request-id-prefix", "batch-").ids())
                .containsExactlyInAnyOrder("batch-3", "batch-4");
        assertThat(tail("--from-beginning", "--no-follow", "--project", "acme").ids())
                .containsExactlyInAnyOrder("order-1", "order-2");
        assertThat(tail("--from-beginning", "--no-follow", "--model", "classifier", "--reason", "rejected").ids())
                .containsExactly("batch-3");
        assertThat(tail("--from-beginning", "--no-follow", "--reason", "COMPLETED").ids())
                .containsExactlyInAnyOrder("order-1", "batch-4");
    }

    @Test
    void withDeadLetters_showsWhyARecordCouldNotBeRead() {
        Run run = tail("--from-beginning", "--no-follow", "--dead-letters", "--request-id-prefix", "garbage");

        assertThat(run.lines()).singleElement().asString()
                .contains("DEAD LETTER", "garbage-5", "inference-requested-dlq 0:0",
                        "first byte is not the magic byte 0");
    }

    @Test
    void json_writesOneParseableObjectPerLine_withTheWholeEvent() throws IOException {
        Run run = tail("--from-beginning", "--no-follow", "--json", "--dead-letters");

        assertThat(run.lines()).hasSize(5);
        List<JsonNode> objects = new ArrayList<>();
        for (String line : run.lines()) {
            objects.add(JSON.readTree(line));
        }
        JsonNode completed = objects.stream().filter(o -> o.path("key").asText().equals("order-1")).findFirst()
                .orElseThrow();
        assertThat(completed.path("type").asText()).isEqualTo("completed");
        assertThat(completed.path("topic").asText()).isEqualTo(TOPICS.completed());
        assertThat(completed.path("event").path("submittedAt").asText()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(completed.path("event").path("projectId").asLong()).isEqualTo(7);
        assertThat(completed.path("event").path("request").path("attributes").path("ticket").asText())
                .isEqualTo("T-order-1");
        JsonNode failed = objects.stream().filter(o -> o.path("key").asText().equals("order-2")).findFirst()
                .orElseThrow();
        assertThat(failed.path("event").path("reason").asText()).isEqualTo("TIMED_OUT");
        assertThat(failed.path("event").path("httpStatus").isNull()).isTrue();
        JsonNode dead = objects.stream().filter(o -> o.path("type").asText().equals("dead-letter")).findFirst()
                .orElseThrow();
        assertThat(dead.path("errorHeaders").path("__streams.errors.exception").asText())
                .isEqualTo("SerializationException");
        assertThat(dead.path("errorHeaders").has("__streams.errors.stacktrace")).isFalse();
    }

    @Test
    void following_printsEventsWrittenAfterItStarted_andStopsAfterMaxEvents() throws Exception {
        CompletableFuture<Run> following = CompletableFuture.supplyAsync(() ->
                tail("--request-id-prefix", "live-", "--max-events", "1"));
        await("tail is reading").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ofSeconds(2)).until(() -> {
            send(TOPICS.completed(), completed("live-" + System.nanoTime(), "acme", "ocr"));
            return following.isDone();
        });

        Run run = following.get(10, TimeUnit.SECONDS);
        assertThat(run.status()).isZero();
        assertThat(run.lines()).singleElement().asString().contains("COMPLETED", "live-");
    }

    @Test
    void givenAMockRegistry_exits2_explainingThatItLivesInOneProcess() {
        Run run = tail("--schema-registry-url", "mock://somewhere");

        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("--schema-registry-url (or SCHEMA_REGISTRY_URL) is mock://somewhere",
                "exists only inside one process");
    }

    @Test
    void givenAMissingTopic_exits1_namingIt() {
        Run run = tail("--failed-topic", "no-such-topic", "--no-follow");

        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err().lines()).anySatisfy(line -> assertThat(line)
                .startsWith("inferstream tail: topic no-such-topic not found at " + broker.bootstrapServers()));
    }

    @Test
    void takesBrokerAndRegistryFromTheVariablesRunReads() {
        Run run = tail(Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", registry.url()), false, "--from-beginning", "--no-follow");

        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.lines()).hasSize(4);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Run(int status, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        List<String> ids() {
            return lines().stream().map(line -> line.split("\\s+")[line.contains("FAILED") ? 3 : 2]).toList();
        }
    }

    private static String line(Run run, String requestId) {
        return run.lines().stream().filter(line -> line.contains(" " + requestId + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + requestId + " in\n" + run.out()));
    }

    private Run tail(String... args) {
        return tail(Map.of(), true, args);
    }

    private Run tail(Map<String, String> environment, boolean withFlags, String... args) {
        List<String> all = new ArrayList<>(List.of("tail"));
        all.addAll(List.of(args));
        if (withFlags && !all.contains("--schema-registry-url")) {
            all.addAll(List.of("--bootstrap-servers", broker.bootstrapServers(),
                    "--schema-registry-url", registry.url()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = Main.commandLine(environment);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int status = commandLine.execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    private void send(String topic, SpecificRecord event) throws Exception {
        try (SpecificAvroSerde<SpecificRecord> serde = new SpecificAvroSerde<>()) {
            serde.configure(Map.of("schema.registry.url", registry.url()), false);
            String key = event.get(event.getSchema().getField("requestId").pos()).toString();
            producer.send(new ProducerRecord<>(topic, bytes(key), serde.serializer().serialize(topic, event))).get();
        }
    }

    private static InferenceRequested request(String id, String project, String model) {
        return InferenceRequested.newBuilder().setRequestId(id).setGroupName("g").setProjectIdentifier(project)
                .setModelIdentifier(model).setSourceIds(List.of(1L)).setOutputLayerIdentifier("layer")
                .setPriority(Priority.LIVE).setAttributes(Map.of("ticket", "T-" + id)).build();
    }

    private static InferenceCompleted completed(String id, String project, String model) {
        return InferenceCompleted.newBuilder().setRequestId(id).setInferenceJobId(17L).setStatus("Finished")
                .setProjectId(7L).setProjectName(project).setOutputLayerId(70L).setOutputLayerName("layer")
                .setSourceIds(List.of(1L)).setSubmittedAt(SUBMITTED).setCompletedAt(SUBMITTED.plusMillis(2_500))
                .setSubmitAttempts(1).setStatusChecks(2).setRequest(request(id, project, model)).build();
    }

    private static InferenceFailed failed(String id, String project, String model, FailureReason reason) {
        boolean timedOut = reason == FailureReason.TIMED_OUT;
        return InferenceFailed.newBuilder().setRequestId(id).setReason(reason)
                .setMessage(timedOut ? "no terminal status within 60 s; job 18 was still Running"
                        : "AnnoLab rejected the job (400): Model 'classifier' does not exist.")
                .setHttpStatus(timedOut ? null : 400).setInferenceJobId(timedOut ? 18L : null)
                .setRetryable(timedOut).setFailedAt(SUBMITTED.plusSeconds(60)).setSubmitAttempts(1)
                .setStatusChecks(timedOut ? 5 : 0).setRequest(request(id, project, model)).build();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
