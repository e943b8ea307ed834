package dev.inferstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.cli.ReplayCommand;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.EmbeddedSchemaRegistry;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.service.InferstreamService;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import picocli.CommandLine;

/**
 * {@code inferstream replay} against a real KRaft broker; the end-to-end case runs the replayed requests
 * through a real {@link InferstreamService} and the simulator over loopback HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayIT {

    private static final String KEY = "replay-it-key";
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private EmbeddedKafkaBroker broker;
    private EmbeddedSchemaRegistry registry;
    private KafkaProducer<String, byte[]> producer;
    private SpecificAvroSerde<InferenceRequested> requestSerde;

    @BeforeAll
    void startBroker() throws IOException {
        broker = new EmbeddedKafkaBroker().start();
        registry = EmbeddedSchemaRegistry.start();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
        requestSerde = new SpecificAvroSerde<>(InferenceRequested.class);
        requestSerde.configure(serdeConfig(), false);
    }

    @AfterAll
    void stopBroker() {
        producer.close();
        broker.close();
        registry.close();
    }

    // ---- end to end -----------------------------------------------------------------------------

    @Test
    void replayingTimedOutFailuresRunsNewJobsLinkedByReplayOf_andAnIdenticalReplayStartsNothingNew()
            throws Exception {
        TopologySettings.Topics topics = TopologySettings.Topics.defaults();
        broker.createTopics(topics.partitioned(3, 1));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (AnnoLabSimulator simulator = AnnoLabSimulator.startBlocking(SimConfig.defaults().toBuilder().port(0)
                     .apiKeys(KEY).erroredShare(0)
                     .models(List.of(new SimModel(100, "fast-model", DurationSpec.fixed(Duration.ofMillis(300))),
                             new SimModel(102, "stuck-model", DurationSpec.never())))
                     .build());
             VertxAnnoLabClient client = VertxAnnoLabClient.create(
                     AnnoLabClientConfig.of(java.net.URI.create(simulator.baseUrl()), ApiKey.of(KEY)));
             InferstreamService service = startService(topics, client, meters);
             TopicReader<String, byte[]> terminal = TopicReader.of(broker.bootstrapServers(),
                     List.of(topics.completed(), topics.failed()), IsolationLevel.READ_COMMITTED,
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            Instant windowStart = Instant.now();
            for (int i = 0; i < 3; i++) {
                send(topics.requested(), request("stuck-" + i, "demo-project", "stuck-model").setTimeoutSeconds(2)
                        .setAttributes(Map.of("ticket", "T-" + i)).build());
            }
            send(topics.requested(), request("locked-0", "locked-project", "stuck-model").setTimeoutSeconds(2).build());
            send(topics.requested(), request("ok-0", "demo-project", "fast-model").build());
            terminal.awaitUntil("the original outcomes", PATIENCE, records -> records.size() >= 5);

            ReplayPlan retryTimedOut = new ReplayPlan(broker.bootstrapServers(), Map.of(), serdeConfig(), ReplaySource.FAILED,
                    topics.failed(), topics.requested(), windowStart, Instant.now(),
                    new ReplayFilter(Set.of(), Set.of(), Set.of(FailureReason.TIMED_OUT), false, Optional.empty()),
                    new ReplayOverrides(Optional.of("fast-model"), Optional.empty(), OptionalInt.of(60)),
                    new ReplayIds("retry-1"), false, OptionalDouble.empty(), false);

            // Ctrl-C after the first record: what was sent is flushed, the rest is left for the rerun.
            AtomicInteger polls = new AtomicInteger();
            ReplayResult interrupted = replayer(retryTimedOut, () -> polls.incrementAndGet() > 1).run();
            assertThat(interrupted).isInstanceOf(ReplayResult.Interrupted.class);
            assertThat(interrupted.summary().published()).isEqualTo(1);

            ReplayResult continued = replayer(retryTimedOut, () -> false).run();
            assertThat(continued).isInstanceOf(ReplayResult.Finished.class);
            assertThat(continued.summary().matched()).isEqualTo(3);
            assertThat(continued.summary().published()).isEqualTo(3);

            List<ConsumerRecord<String, byte[]>> events = terminal.awaitUntil("the replays' outcomes", PATIENCE,
                    records -> records.size() >= 8);
            List<InferenceCompleted> replays = events.stream().filter(e -> e.key().startsWith("retry-1:"))
                    .map(this::completed).toList();
            assertThat(replays).extracting(InferenceCompleted::getRequestId)
                    .containsExactlyInAnyOrder("retry-1:stuck-0", "retry-1:stuck-1", "retry-1:stuck-2");
            assertThat(replays).allSatisfy(done -> {
                InferenceRequested replayed = done.getRequest();
                assertThat(replayed.getReplayOf()).isEqualTo(done.getRequestId().substring("retry-1:".length()));
                assertThat(replayed.getPriority()).isEqualTo(Priority.BACKFILL);
                assertThat(replayed.getModelIdentifier()).isEqualTo("fast-model");
                assertThat(replayed.getTimeoutSeconds()).isEqualTo(60);
                assertThat(replayed.getAttributes()).containsEntry("ticket", "T-" + replayed.getReplayOf().charAt(6));
            });
            long submitsBefore = simulator.stats().submits();
            double dedupedBefore = deduplicated(meters);

            ReplayResult again = replayer(retryTimedOut, () -> false).run();
            assertThat(again.summary().published()).isEqualTo(3);

            // Dedupe happens when the processor reads the record, so once it has counted all three no job can follow.
            await("the identical replay deduplicated").atMost(PATIENCE)
                    .until(() -> deduplicated(meters) >= dedupedBefore + 3);
            assertThat(simulator.stats().submits()).as("submissions at the simulator").isEqualTo(submitsBefore);
            List<ConsumerRecord<String, byte[]>> after = terminal.awaitUntil("read to the end", PATIENCE, r -> true);
            assertThat(after).hasSize(8);
            assertThat(after.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(8);
            assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    // ---- filters, time range, dry run ----------------------------------------------------------

    @Test
    void filtersAndTheTimeRangeDecideWhatIsCounted_andADryRunPublishesNothing() throws Exception {
        String history = "dry-history";
        String target = "dry-target";
        broker.createTopics(Map.of(history, 2, target, 1));
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofHours(3));
        Instant recent = now.minus(Duration.ofMinutes(30));
        sendAt(history, old, request("old-1", "demo-project", "fast-model").build());
        sendAt(history, recent, request("acme-1", "demo-project", "fast-model").build());
        sendAt(history, recent, request("acme-2", "demo-project", "slow-model").build());
        sendAt(history, recent, request("acme-3", "other-project", "fast-model").build());
        sendAt(history, recent, request("zeta-1", "demo-project", "fast-model").build());
        sendAt(history, now.plus(Duration.ofHours(1)), request("future-1", "demo-project", "fast-model").build());

        ReplayResult lastHour = dryRun(history, target, now.minus(Duration.ofHours(1)), now, ReplayFilter.any());
        ReplayResult filtered = dryRun(history, target, now.minus(Duration.ofHours(1)), now,
                new ReplayFilter(Set.of("demo-project"), Set.of("fast-model"), Set.of(), false, Optional.of("acme-")));
        ReplayResult everything = dryRun(history, target, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)),
                ReplayFilter.any());

        assertThat(((ReplayResult.DryRun) lastHour).counts().asMap()).containsOnly(
                Map.entry(new MatchCounts.Key("demo-project", "fast-model", "-"), 2L),
                Map.entry(new MatchCounts.Key("demo-project", "slow-model", "-"), 1L),
                Map.entry(new MatchCounts.Key("other-project", "fast-model", "-"), 1L));
        assertThat(filtered.summary().matched()).isEqualTo(1);
        assertThat(everything.summary().matched()).isEqualTo(6);
        try (TopicReader<byte[], byte[]> published = TopicReader.bytes(broker.bootstrapServers(), target,
                IsolationLevel.READ_UNCOMMITTED)) {
            assertThat(published.awaitUntil("the target topic", PATIENCE, r -> true)).isEmpty();
        }
    }

    @Test
    void overridesAndLineageApplyToWhatIsPublished() throws Exception {
        String history = "ovr-history";
        String target = "ovr-target";
        broker.createTopics(Map.of(history, 1, target, 1));
        send(history, request("r-1", "demo-project", "fast-model").setAttributes(Map.of("k", "v")).build());
        send(history, request("r-2", "demo-project", "fast-model").build());
        ReplayPlan plan = new ReplayPlan(broker.bootstrapServers(), Map.of(), serdeConfig(), ReplaySource.REQUESTED, history,
                target, Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(5),
                new ReplayFilter(Set.of(), Set.of(), Set.of(), false, Optional.of("r-1")),
                new ReplayOverrides(Optional.of("slow-model"), Optional.of(11L), OptionalInt.of(90)),
                new ReplayIds("ovr"), false, OptionalDouble.of(50), false);

        assertThat(replayer(plan, () -> false).run().summary().published()).isEqualTo(1);

        try (TopicReader<String, byte[]> published = TopicReader.of(broker.bootstrapServers(), List.of(target),
                IsolationLevel.READ_COMMITTED, new StringDeserializer(), new ByteArrayDeserializer())) {
            ConsumerRecord<String, byte[]> record = published.awaitAtLeast(1).get(0);
            InferenceRequested replayed = requestSerde.deserializer().deserialize(target, record.value());
            assertThat(record.key()).isEqualTo("ovr:r-1").isEqualTo(replayed.getRequestId());
            assertThat(replayed.getReplayOf()).isEqualTo("r-1");
            assertThat(replayed.getPriority()).isEqualTo(Priority.BACKFILL);
            assertThat(replayed.getModelIdentifier()).isEqualTo("slow-model");
            assertThat(replayed.getOutputLayerIdentifier()).isEqualTo(11L);
            assertThat(replayed.getTimeoutSeconds()).isEqualTo(90);
            assertThat(replayed.getAttributes()).isEqualTo(Map.of("k", "v"));
        }
    }

    // ---- the command ----------------------------------------------------------------------------

    @Test
    void theCommandReportsADryRunsCountsAndASummary() throws Exception {
        broker.createTopics(Map.of("cmd-failed", 1));
        sendFailed("cmd-failed", "f-1", FailureReason.TIMED_OUT, true);
        sendFailed("cmd-failed", "f-2", FailureReason.TIMED_OUT, true);
        sendFailed("cmd-failed", "f-3", FailureReason.REJECTED, false);

        Run run = command("--name", "nightly", "--from-topic", "inference-failed", "--failed-topic", "cmd-failed",
                "--since", "1h", "--dry-run", "--reason", "timed_out", "--retryable-only");

        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("dry run: nothing published")
                .contains("         2  project=demo-project model=fast-model reason=TIMED_OUT")
                .contains("replay 'nightly': scanned 3, matched 2, published 0")
                .doesNotContain("\r");
    }

    @Test
    void undecodableRecordsAreSkippedAndCountedPerPartitionWithTheirOffsets_andStrictStopsAtTheFirst() throws Exception {
        broker.createTopics(Map.of("mixed-requested", 1));
        send("mixed-requested", request("m-1", "demo-project", "fast-model").build());
        producer.send(new ProducerRecord<>("mixed-requested", null, Instant.now().toEpochMilli(), "demo-text",
                "this is not avro".getBytes(java.nio.charset.StandardCharsets.UTF_8))).get();
        send("mixed-requested", request("m-2", "demo-project", "fast-model").build());

        Run run = command("--name", "skip", "--requested-topic", "mixed-requested", "--since", "1h", "--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("partition 0: skipped 1 undecodable record(s), first at offset(s) [1]; first "
                        + "reason: not Confluent Avro wire format")
                .contains("scanned 3, matched 2, published 0, skipped 0 of its own earlier output, 0 without a request, "
                        + "1 undecodable");

        assertOneLine(command("--name", "skip", "--requested-topic", "mixed-requested", "--since", "1h", "--dry-run",
                "--strict"), "replay: partition 0 offset 1 of 'mixed-requested' cannot be decoded (not Confluent Avro");
    }

    @Test
    void everyOperatorMistakeIsOneClearLine() throws Exception {
        broker.createTopics(Map.of("err-requested", 1));
        send("err-requested", request("e-1", "demo-project", "fast-model").build());

        assertOneLine(command("--name", "x", "--requested-topic", "err-requested", "--since",
                        "2020-01-01T00:00:00Z", "--until", "2020-01-02T00:00:00Z"),
                "replay: no records in topic 'err-requested' between 2020-01-01T00:00:00Z and 2020-01-02T00:00:00Z");
        assertOneLine(command("--name", "x", "--from-topic", "inference-failed", "--failed-topic", "no-such-topic",
                "--since", "1h"), "replay: topic 'no-such-topic' (--from-topic inference-failed) does not exist at");
        assertOneLine(command("--name", "x", "--from-topic", "inference-dead", "--since", "1h"),
                "replay: unknown --from-topic 'inference-dead'; expected one of inference-requested, "
                        + "inference-failed, inference-completed");
        assertOneLine(command("--name", "x", "--requested-topic", "err-requested", "--since", "1h",
                "--reason", "TIMED_OUT"), "replay: --reason needs --from-topic inference-failed");
        assertOneLine(command("--name", "x", "--requested-topic", "err-requested", "--since", "1h",
                "--schema-registry-url", "http://127.0.0.1:1"), "replay: stopped at partition 0 offset 0 of "
                + "'err-requested': schema registry unreachable");
        assertOneLine(command("--name", "x", "--since", "1h", "--bootstrap-servers", "no-such-host.invalid:9092"),
                "replay: Kafka client failed for no-such-host.invalid:9092: No resolvable bootstrap urls");
        assertOneLine(command("--name", "x", "--since", "last week"), "replay: --since 'last week' is neither");
    }

    private static void assertOneLine(Run run, String expectedStart) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err().lines().toList()).as(run.err()).singleElement()
                .satisfies(line -> assertThat(line).startsWith(expectedStart));
        System.out.println("error case: " + run.err().strip());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private record Run(int exitCode, String out, String err) {
    }

    private Run command(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (!all.contains("--bootstrap-servers")) {
            all.addAll(List.of("--bootstrap-servers", broker.bootstrapServers()));
        }
        if (!all.contains("--schema-registry-url")) {
            all.addAll(List.of("--schema-registry-url", registry.url()));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new ReplayCommand(false, Map.of())).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    private ReplayResult dryRun(String history, String target, Instant since, Instant until, ReplayFilter filter) {
        return replayer(new ReplayPlan(broker.bootstrapServers(), Map.of(), serdeConfig(), ReplaySource.REQUESTED, history,
                target, since, until, filter, ReplayOverrides.none(), new ReplayIds("dry"), true,
                OptionalDouble.empty(), false), () -> false).run();
    }

    private static Replayer replayer(ReplayPlan plan, java.util.function.BooleanSupplier stop) {
        return new Replayer(plan, ProgressView.forOutput(false, text -> { }, System::currentTimeMillis), stop,
                System::currentTimeMillis);
    }

    private InferstreamService startService(TopologySettings.Topics topics, VertxAnnoLabClient client,
                                            SimpleMeterRegistry meters) throws Exception {
        TopologySettings settings = TopologySettings.defaults().toBuilder().topics(topics)
                .polling(new TopologySettings.Polling(Duration.ofMillis(500), Duration.ofMillis(250),
                        Duration.ofSeconds(1), 0.1, 0.1)).build();
        InferstreamService service = InferstreamService.start(new InferstreamService.Settings("replay-it",
                broker.bootstrapServers(), serdeConfig(), Files.createTempDirectory("replay-it"), settings,
                Map.of("commit.interval.ms", "100"), Duration.ofSeconds(30)), client, meters);
        await("service running").atMost(PATIENCE).until(() -> service.state() == KafkaStreams.State.RUNNING);
        return service;
    }

    private static double deduplicated(SimpleMeterRegistry meters) {
        return meters.counter("inferstream.requests", "result", "deduplicated").count();
    }

    private InferenceCompleted completed(ConsumerRecord<String, byte[]> record) {
        assertThat(record.topic()).as(record.key() + " completed").isEqualTo("inference-completed");
        SpecificAvroSerde<InferenceCompleted> serde = new SpecificAvroSerde<>(InferenceCompleted.class);
        serde.configure(serdeConfig(), false);
        return serde.deserializer().deserialize(record.topic(), record.value());
    }

    private static InferenceRequested.Builder request(String id, String project, String model) {
        return InferenceRequested.newBuilder().setRequestId(id).setGroupName("acme").setProjectIdentifier(project)
                .setModelIdentifier(model).setSourceIds(List.of(1L)).setOutputLayerIdentifier("predictions");
    }

    private void send(String topic, InferenceRequested request) throws Exception {
        sendAt(topic, Instant.now(), request);
    }

    private void sendAt(String topic, Instant at, InferenceRequested request) throws Exception {
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), request.getRequestId(),
                requestSerde.serializer().serialize(topic, request))).get();
    }

    private void sendFailed(String topic, String id, FailureReason reason, boolean retryable) throws Exception {
        SpecificAvroSerde<InferenceFailed> serde = new SpecificAvroSerde<>(InferenceFailed.class);
        serde.configure(serdeConfig(), false);
        InferenceFailed failed = InferenceFailed.newBuilder().setRequestId(id).setReason(reason).setMessage("m")
                .setRetryable(retryable).setFailedAt(Instant.now()).setSubmitAttempts(1)
                .setStatusChecks(0).setHttpStatus(null).setInferenceJobId(null)
                .setRequest(request(id, "demo-project", "fast-model").build()).build();
        producer.send(new ProducerRecord<>(topic, id, serde.serializer().serialize(topic, failed))).get();
    }

    private Map<String, String> serdeConfig() {
        return Map.of("schema.registry.url", registry.url());
    }
}
