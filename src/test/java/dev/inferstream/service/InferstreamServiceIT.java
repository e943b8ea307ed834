package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.FaultKind;
import dev.inferstream.harness.sim.JobStats;
import dev.inferstream.harness.sim.JobStatus;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.harness.sim.SimStats;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.testkit.Scenario;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
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

import static org.awaitility.Awaitility.await;

/**
 * The whole service against a real KRaft broker and the simulator over loopback HTTP with faults on:
 * mixed outcomes, duplicates and undecodable records, while the instance is replaced twice — once on
 * the same state directory, once on a fresh one that must restore from the changelog.
 */
class InferstreamServiceIT {

    private static final String KEY = "it-key-7Hq2xR-do-not-log";
    private static final int REQUESTS = 500;
    private static final int GARBAGE_PER_PHASE = 10;
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();

    private final List<SimpleMeterRegistry> instanceMeters = new ArrayList<>();
    private final List<byte[]> garbageSent = new ArrayList<>();
    private int duplicatesSent;
    private Stack stack;
    private EmbeddedKafkaBroker broker;
    private AnnoLabSimulator simulator;
    private VertxAnnoLabClient client;
    private KafkaProducer<byte[], byte[]> producer;
    private SpecificAvroSerde<InferenceRequested> requestSerde;
    private Path stateRoot;

    @BeforeEach
    void start() throws IOException {
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                .models(List.of(new SimModel(100, "fast-model",
                                DurationSpec.uniform(Duration.ofMillis(500), Duration.ofMillis(1500))),
                        new SimModel(102, "stuck-model", DurationSpec.never())))
                .erroredShare(0.1)
                .fault(FaultKind.INTERNAL_ERROR, 0.03)
                .fault(FaultKind.UNAVAILABLE, 0.03)
                .fault(FaultKind.RATE_LIMITED, 0.02)
                .fault(FaultKind.SLOW, 0.02)
                .fault(FaultKind.DROPPED, 0.01)
                .build()).apiKey(KEY).topics(TOPICS, 3).start();
        broker = stack.broker();
        simulator = stack.simulator();
        client = VertxAnnoLabClient.create(stack.clientConfig()
                .withRequestTimeout(Duration.ofSeconds(5)));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        requestSerde = new SpecificAvroSerde<>(InferenceRequested.class);
        requestSerde.configure(serdeConfig(), false);
        stateRoot = Files.createTempDirectory("inferstream-it");
    }

    @AfterEach
    void stop() {
        producer.close();
        client.close();
        stack.close();
    }

    @Test
    void givenFaultsDuplicatesGarbageAndTwoInstanceReplacements_everyDistinctRequestEndsInExactlyOneTerminalEvent()
            throws Exception {
        long startedAt = System.nanoTime();
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            scenarios.put("req-" + i, Scenario.of(i));
        }
        List<String> ids = List.copyOf(scenarios.keySet());

        try (TopicReader<String, byte[]> terminal = TopicReader.of(broker.bootstrapServers(),
                List.of(TOPICS.completed(), TOPICS.failed()), IsolationLevel.READ_COMMITTED,
                new StringDeserializer(), new ByteArrayDeserializer())) {
            InferstreamService first = startInstance("instance-a");
            publish(ids.subList(0, 200), scenarios);
            publishDuplicates(ids.subList(0, 40), scenarios);
            terminal.awaitUntil("progress before the first replacement", Duration.ofSeconds(90),
                    records -> records.size() >= 60);
            first.close();

            InferstreamService second = startInstance("instance-a");
            publish(ids.subList(200, 350), scenarios);
            publishDuplicates(ids.subList(180, 240), scenarios);
            terminal.awaitUntil("progress before the second replacement", Duration.ofSeconds(90),
                    records -> records.size() >= 200);
            second.close();

            InferstreamService third = startInstance("instance-fresh");
            publish(ids.subList(350, REQUESTS), scenarios);
            publishDuplicates(ids.subList(300, 400), scenarios);
            List<ConsumerRecord<String, byte[]>> events = terminal.awaitUntil("a terminal event for every request",
                    Duration.ofSeconds(150), records -> records.size() >= REQUESTS);
            // Anything extra would arrive after the last expected event; give it time to show up.
            await().pollDelay(Duration.ofSeconds(3)).until(() -> true);
            events = terminal.awaitUntil("no late duplicates", Duration.ofSeconds(5), records -> true);

            assertExactlyOneTerminalEventEach(events, scenarios);
            assertDeadLetters();
            reportDoubleSubmissions(third, (System.nanoTime() - startedAt) / 1_000_000_000.0);
            third.close();
        }
    }

    private void assertExactlyOneTerminalEventEach(List<ConsumerRecord<String, byte[]>> events,
                                                   Map<String, Scenario> scenarios) {
        Map<String, List<SpecificRecord>> byKey = new HashMap<>();
        var completedSerde = new SpecificAvroSerde<>(InferenceCompleted.class);
        completedSerde.configure(serdeConfig(), false);
        var failedSerde = new SpecificAvroSerde<>(InferenceFailed.class);
        failedSerde.configure(serdeConfig(), false);
        for (ConsumerRecord<String, byte[]> record : events) {
            SpecificRecord value = record.topic().equals(TOPICS.completed())
                    ? completedSerde.deserializer().deserialize(record.topic(), record.value())
                    : failedSerde.deserializer().deserialize(record.topic(), record.value());
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(value);
        }
        Map<String, Integer> duplicated = byKey.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size()));
        assertThat(duplicated).as("requests with more than one terminal event").isEmpty();
        assertThat(byKey.keySet()).as("every request ended").containsExactlyInAnyOrderElementsOf(scenarios.keySet());

        Map<Long, JobStats> simJobs = simulator.stats().jobs().stream()
                .collect(Collectors.toMap(JobStats::jobId, Function.identity()));
        byKey.forEach((key, values) -> {
            SpecificRecord event = values.get(0);
            Scenario scenario = scenarios.get(key);
            String outcome = event instanceof InferenceFailed failed ? failed.getReason().name() : "COMPLETED";
            switch (scenario) {
                case OK -> {
                    long jobId = event instanceof InferenceCompleted completed ? completed.getInferenceJobId()
                            : ((InferenceFailed) event).getInferenceJobId();
                    JobStatus expected = simJobs.get(jobId).terminalStatus().orElseThrow();
                    assertThat(outcome).as(key + " ended as the simulator's job " + jobId)
                            .isEqualTo(expected == JobStatus.ERRORED ? "JOB_ERRORED" : "COMPLETED");
                }
                default -> assertThat(outcome).as(key).isEqualTo(scenario.expectedFailure().name());
            }
        });
    }

    private void assertDeadLetters() {
        try (TopicReader<byte[], byte[]> deadLetters = TopicReader.bytes(broker.bootstrapServers(),
                TOPICS.deadLetters(), IsolationLevel.READ_COMMITTED)) {
            List<ConsumerRecord<byte[], byte[]>> records = deadLetters.awaitUntil("every undecodable record",
                    Duration.ofSeconds(30), read -> read.size() >= garbageSent.size());
            assertThat(records).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrderElementsOf(garbageSent);
            assertThat(records).allSatisfy(record ->
                    assertThat(record.headers().lastHeader("__streams.errors.exception")).isNotNull());
        }
    }

    private void reportDoubleSubmissions(InferstreamService last, double seconds) {
        SimStats stats = simulator.stats();
        double suspected = instanceMeters.stream()
                .mapToDouble(meters -> meters.counter("inferstream.submissions.suspected.double").count()).sum();
        System.out.printf("end-to-end: %d requests, %d duplicates and %d undecodable records, faults %s; "
                        + "%d jobs submitted twice (suspected by the service: %.0f); %.1f s%n",
                REQUESTS, duplicatesSent, garbageSent.size(), stats.faults(), stats.duplicates().extraSubmissions(),
                suspected, seconds);
        assertThat(last.state()).isEqualTo(KafkaStreams.State.RUNNING);
        assertThat((double) stats.duplicates().extraSubmissions())
                .as("every double submission happened where the service knew a POST may have gone out")
                .isLessThanOrEqualTo(suspected);
    }

    private InferstreamService startInstance(String stateDirName) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        instanceMeters.add(meters);
        TopologySettings settings = QuickSettings.quick().build();
        InferstreamService.Settings serviceSettings = new InferstreamService.Settings("inferstream-it",
                broker.bootstrapServers(), serdeConfig(), stateRoot.resolve(stateDirName),
                settings, Map.of("commit.interval.ms", "100", "num.stream.threads", "2"), Duration.ofSeconds(30));
        InferstreamService service = InferstreamService.start(serviceSettings, client, meters);
        await("instance running").atMost(Duration.ofSeconds(60))
                .until(() -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }

    private void publish(List<String> ids, Map<String, Scenario> scenarios) throws Exception {
        for (String id : ids) {
            send(id, scenarios.get(id).request(id, numberOf(id)));
        }
        for (int i = 0; i < GARBAGE_PER_PHASE / 2; i++) {
            byte[] garbage = ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
            byte[] wrongSchema = new byte[] {0, 0, 0, 0x7f, 0x7f, 1, 2, 3};
            wrongSchema[5] = (byte) garbageSent.size();
            for (byte[] value : List.of(garbage, wrongSchema)) {
                producer.send(new ProducerRecord<>(TOPICS.requested(), "garbage".getBytes(StandardCharsets.UTF_8),
                        value)).get();
                garbageSent.add(value);
            }
        }
        producer.flush();
    }

    private void publishDuplicates(List<String> ids, Map<String, Scenario> scenarios) throws Exception {
        for (String id : ids) {
            if (scenarios.get(id) != Scenario.INVALID) {
                send(id, scenarios.get(id).request(id, numberOf(id)));
                duplicatesSent++;
            }
        }
        producer.flush();
    }

    private void send(String id, InferenceRequested request) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.requested(), id.getBytes(StandardCharsets.UTF_8),
                requestSerde.serializer().serialize(TOPICS.requested(), request))).get();
    }



    private static int numberOf(String id) {
        return Integer.parseInt(id.substring(id.indexOf('-') + 1));
    }

    private Map<String, String> serdeConfig() {
        return stack.serdeConfig();
    }
}
