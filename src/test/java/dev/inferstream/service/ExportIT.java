package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.events.ExportFailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.ExportStats;
import dev.inferstream.harness.sim.FaultKind;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exports end to end: a real KRaft broker, the simulator's export API over loopback HTTP with faults and
 * errored exports, a share of requests asking for their results, and the instance replaced mid-way on
 * the same state directory while exports are running. Every request ends in exactly one event; a
 * delivered download URL really downloads the file; requests without an export are untouched.
 */
class ExportIT {

    private static final String KEY = "export-it-key-9Fz3Lq-never-log";
    private static final int REQUESTS = 240;
    private static final String LAYER = "predictions";
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();

    private final List<SimpleMeterRegistry> instanceMeters = new ArrayList<>();
    private Stack stack;
    private EmbeddedKafkaBroker broker;
    private AnnoLabSimulator simulator;
    private VertxAnnoLabClient client;
    private KafkaProducer<byte[], byte[]> producer;
    private SpecificAvroSerde<InferenceRequested> requestSerde;
    private Path stateDir;

    @BeforeEach
    void start() throws Exception {
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                .models(List.of(new SimModel(100, "fast-model",
                        DurationSpec.uniform(Duration.ofMillis(300), Duration.ofMillis(1200)))))
                .erroredShare(0.05)
                .exportDuration(DurationSpec.uniform(Duration.ofMillis(500), Duration.ofMillis(2500)))
                .exportErroredShare(0.15)
                .fault(FaultKind.INTERNAL_ERROR, 0.03)
                .fault(FaultKind.RATE_LIMITED, 0.02)
                .fault(FaultKind.DROPPED, 0.01)
                .build()).apiKey(KEY).topics(TOPICS, 3).start();
        broker = stack.broker();
        simulator = stack.simulator();
        client = VertxAnnoLabClient.create(stack.clientConfig().withRequestTimeout(Duration.ofSeconds(5)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        requestSerde = new SpecificAvroSerde<>(InferenceRequested.class);
        requestSerde.configure(stack.serdeConfig(), false);
        stateDir = Files.createTempDirectory("inferstream-export-it");
    }

    @AfterEach
    void stop() {
        producer.close();
        client.close();
        stack.close();
    }

    /** Every second request asks for its results, every fifth of the rest says explicitly that it does not. */
    private static Boolean exportWanted(int i) {
        if (i % 2 == 0) {
            return Boolean.TRUE;
        }
        return i % 5 == 0 ? Boolean.FALSE : null;
    }

    @Test
    void givenAShareOfRequestsExportingAcrossARestart_eachEndsOnce_withADownloadableUrlOrItsExportError()
            throws Exception {
        try (TopicReader<String, byte[]> terminal = TopicReader.of(broker.bootstrapServers(),
                List.of(TOPICS.completed(), TOPICS.failed()), IsolationLevel.READ_COMMITTED,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            InferstreamService first = startInstance();
            publish(0, REQUESTS / 2);
            terminal.awaitUntil("progress before the restart", Duration.ofSeconds(90), records -> records.size() >= 40);
            await("exports running when the instance stops").atMost(Duration.ofSeconds(60))
                    .until(() -> simulator.stats().exports().started() > simulator.stats().exports().finished()
                            + simulator.stats().exports().errored());
            first.close();

            InferstreamService second = startInstance();
            publish(REQUESTS / 2, REQUESTS);
            List<ConsumerRecord<String, byte[]>> events = terminal.awaitUntil("a terminal event for every request",
                    Duration.ofSeconds(180), records -> records.size() >= REQUESTS);
            // Anything extra would arrive after the last expected event; give it time to show up.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            events = terminal.awaitUntil("no late duplicates", Duration.ofSeconds(5), records -> true);

            Map<String, SpecificRecord> byRequest = exactlyOneEach(events);
            List<InferenceCompleted> delivered = assertOutcomes(byRequest);
            assertDownloadable(delivered);
            assertCounted(delivered);
            assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
            second.close();
        }
    }

    private Map<String, SpecificRecord> exactlyOneEach(List<ConsumerRecord<String, byte[]>> events) {
        var completedSerde = new SpecificAvroSerde<>(InferenceCompleted.class);
        completedSerde.configure(stack.serdeConfig(), false);
        var failedSerde = new SpecificAvroSerde<>(InferenceFailed.class);
        failedSerde.configure(stack.serdeConfig(), false);
        Map<String, List<SpecificRecord>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : events) {
            SpecificRecord value = record.topic().equals(TOPICS.completed())
                    ? completedSerde.deserializer().deserialize(record.topic(), record.value())
                    : failedSerde.deserializer().deserialize(record.topic(), record.value());
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(value);
        }
        assertThat(byKey.entrySet().stream().filter(entry -> entry.getValue().size() > 1).map(Map.Entry::getKey))
                .as("requests with more than one terminal event").isEmpty();
        assertThat(byKey).hasSize(REQUESTS);
        return byKey.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, entry -> entry.getValue().get(0)));
    }

    /** The delivered events; every other outcome is checked here against what the request asked. */
    private List<InferenceCompleted> assertOutcomes(Map<String, SpecificRecord> byRequest) {
        List<InferenceCompleted> delivered = new ArrayList<>();
        int exportErrored = 0;
        for (int i = 0; i < REQUESTS; i++) {
            String id = id(i);
            SpecificRecord event = byRequest.get(id);
            if (event instanceof InferenceFailed failed) {
                assertThat(failed.getReason().name()).as(id + ": only the job itself may fail").isEqualTo("JOB_ERRORED");
                continue;
            }
            InferenceCompleted completed = (InferenceCompleted) event;
            if (!Boolean.TRUE.equals(exportWanted(i))) {
                assertThat(completed.getResults()).as(id + " did not ask for results").isNull();
                assertThat(completed.getExportError()).as(id).isNull();
                continue;
            }
            if (completed.getResults() != null) {
                assertThat(completed.getExportError()).as(id).isNull();
                assertThat(completed.getResults().getAnnotationLayerNames()).containsExactly(LAYER);
                assertThat(completed.getResults().getSourceIds()).containsExactly(sourceOf(i));
                assertThat(completed.getResults().getExportedAt()).isAfterOrEqualTo(completed.getCompletedAt());
                delivered.add(completed);
            } else {
                assertThat(completed.getExportError()).as(id + " asked for results: delivered or a reason").isNotNull();
                assertThat(completed.getExportError().getReason()).as(id + ": " + completed.getExportError().getMessage())
                        .isEqualTo(ExportFailureReason.EXPORT_ERRORED);
                exportErrored++;
            }
        }
        System.out.printf("exports: %d delivered, %d errored at AnnoLab; simulator %s%n", delivered.size(),
                exportErrored, simulator.stats().exports());
        assertThat(delivered).as("most exports finish").hasSizeGreaterThan(REQUESTS / 4);
        assertThat(exportErrored).as("the simulator errors a share of exports").isPositive();
        assertThat(exportErrored).isLessThanOrEqualTo((int) simulator.stats().exports().errored());
        return delivered;
    }

    private void assertDownloadable(List<InferenceCompleted> delivered) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (InferenceCompleted completed : delivered) {
            String url = completed.getResults().getDownloadUrl();
            assertThat(url).doesNotContain(KEY.substring(0, 8));
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).as(url).isEqualTo(200);
            assertThat(file.body()).as("the file of " + completed.getRequestId())
                    .contains(LAYER, String.valueOf(completed.getResults().getSourceIds().get(0)));
            assertThat(completed.getResults().getExpiresAt()).as("the signed URL says when it expires").isNotNull();
        }
    }

    private void assertCounted(List<InferenceCompleted> delivered) {
        ExportStats stats = simulator.stats().exports();
        double finished = instanceMeters.stream()
                .mapToDouble(meters -> meters.counter("inferstream.exports.finished").count()).sum();
        double suspectedDoubles = instanceMeters.stream()
                .mapToDouble(meters -> meters.counter("inferstream.exports.suspected.double").count()).sum();
        // A transaction aborted and redone may count an export twice; the event itself is written once.
        assertThat(finished).as("every delivered export counted").isGreaterThanOrEqualTo(delivered.size());
        long exportRequests = IntStream.range(0, REQUESTS)
                .filter(i -> Boolean.TRUE.equals(exportWanted(i))).count();
        assertThat(stats.started()).as("no export without a request for it, beyond the doubles the service "
                + "counted").isLessThanOrEqualTo(exportRequests + (long) suspectedDoubles);
        assertThat(stats.downloads()).isEqualTo(delivered.size());
    }

    private InferstreamService startInstance() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        instanceMeters.add(meters);
        TopologySettings settings = QuickSettings.quick()
                .exports(new TopologySettings.Exports(false, new TopologySettings.Contents(false, false, true),
                        Duration.ofMinutes(2)))
                .build();
        InferstreamService.Settings serviceSettings = new InferstreamService.Settings("inferstream-export-it",
                broker.bootstrapServers(), stack.serdeConfig(), stateDir, settings,
                Map.of("commit.interval.ms", "100", "num.stream.threads", "2"), Duration.ofSeconds(30));
        InferstreamService service = InferstreamService.start(serviceSettings, client, meters);
        await("instance running").atMost(Duration.ofSeconds(60))
                .until(() -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }

    private void publish(int from, int to) throws Exception {
        for (int i = from; i < to; i++) {
            InferenceRequested request = InferenceRequested.newBuilder()
                    .setRequestId(id(i))
                    .setGroupName("acme")
                    .setProjectIdentifier("demo-project")
                    .setModelIdentifier("fast-model")
                    .setSourceIds(List.of(sourceOf(i)))
                    .setOutputLayerIdentifier(LAYER)
                    .setPriority(Priority.LIVE)
                    .setAttributes(Map.of())
                    .setExportResults(exportWanted(i))
                    .build();
            producer.send(new ProducerRecord<>(TOPICS.requested(), id(i).getBytes(StandardCharsets.UTF_8),
                    requestSerde.serializer().serialize(TOPICS.requested(), request)));
        }
        producer.flush();
    }

    private static String id(int i) {
        return "export-" + i;
    }

    private static long sourceOf(int i) {
        return 5_000L + i;
    }
}
