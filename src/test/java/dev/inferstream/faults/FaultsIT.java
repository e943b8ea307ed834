package dev.inferstream.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.config.EnvNames;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.ServiceJar;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.EmbeddedSchemaRegistry;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.RestSchemaRegistryClient;
import dev.inferstream.serde.SpecificAvroSerializer;
import dev.inferstream.serde.WireFormat;
import dev.inferstream.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka-side faults against the service jar as production starts it, on the real in-process broker and
 * the loopback schema registry: a registry outage in the middle of a stream, poison records, and the
 * start-up mistakes that must end the process at once with one line. Every figure it prints
 * ({@code faults:} lines) is in RELIABILITY.md's Kafka fault table.
 */
class FaultsIT {

    private static final String MODEL = "fault-model";
    private static final String PROJECT = "demo-project";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** How long the registry stays down in the middle of the stream. */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** The start-up timeout given to {@code run} in the fail-fast cases. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path work;
    private Stack stack;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void startStack() {
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                        .models(List.of(new SimModel(200, MODEL, DurationSpec.fixed(Duration.ofMillis(300)))))
                        .erroredShare(0)
                        .build())
                .registry(Stack.Registry.LOOPBACK)
                .start();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        stack.close();
    }

    @Test
    void registryStoppedFor30sMidStream_holdsWhatNeedsIt_deadLettersNothingGood_andEveryRequestEndsOnce()
            throws Exception {
        EmbeddedSchemaRegistry registry = stack.loopbackRegistry().orElseThrow();
        int opsPort = FreePorts.pick(1)[0];
        Process run = startService("registry-outage", opsPort, Map.of());
        await("the service ready").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> run.isAlive() && readiness(opsPort).status() == 200);

        try (KafkaProducer<String, byte[]> producer = producer()) {
            List<String> before = ids("before", 20);
            before.forEach(id -> send(producer, id, encode(request(id))));
            awaitTerminal(before);

            // A producer rolls out a new schema version; the service has not seen its id, so reading a record
            // written with it needs the registry, which then stops answering.
            int newVersion = registerNewerRequestSchema();
            registry.stop();
            long stoppedAt = System.nanoTime();
            List<String> during = ids("during", 20);
            during.forEach(id -> send(producer, id, encodeWithNewerSchema(newVersion, request(id).build())));
            List<String> text = ids("text", 3);
            text.forEach(id -> send(producer, id, ("not avro " + id).getBytes(StandardCharsets.UTF_8)));

            await("readiness naming the registry").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> readiness(opsPort).body().contains("schema registry"));
            Readiness down = readiness(opsPort);
            try (TopicReader<String, byte[]> results = results(); TopicReader<byte[], byte[]> letters = deadLetters()) {
                await("the outage").pollDelay(OUTAGE.minusNanos(System.nanoTime() - stoppedAt))
                        .atMost(OUTAGE.plusSeconds(30)).until(() -> true);
                assertThat(keys(results.awaitCaughtUp("results during the outage", PATIENCE)))
                        .as("nothing sent during the outage has ended").doesNotContainAnyElementsOf(during);
                assertThat(letters.awaitCaughtUp("dead letters during the outage", PATIENCE))
                        .as("nothing is dead-lettered while the registry is down").isEmpty();
            }
            registry.restart();
            long restartedAt = System.nanoTime();

            Map<String, Long> terminal = awaitTerminal(concat(before, during));
            double recoverySeconds = (System.nanoTime() - restartedAt) / 1e9;
            await("ready again").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                    .until(() -> readiness(opsPort).status() == 200);
            List<ConsumerRecord<byte[], byte[]>> dead = deadLettersUntil(text.size());

            assertThat(terminal).as("exactly one terminal event per request").allSatisfy((id, n) -> assertThat(n).isOne());
            assertThat(dead).extracting(letter -> new String(letter.key(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(text);
            List<String> log = Files.readAllLines(work.resolve("registry-outage.out"));
            long outageLines = log.stream().filter(line -> line.contains("schema registry unavailable")).count();
            long recoveryLines = log.stream().filter(line -> line.contains("schema registry answers again")).count();
            long deadLetterLines = log.stream().filter(line -> line.contains("dead-lettered " + stack.topics().requested())).count();
            assertThat(outageLines).isOne();
            assertThat(recoveryLines).isOne();
            assertThat(deadLetterLines).as("one WARN per undecodable record").isEqualTo(text.size());
            assertThat(log).noneMatch(line -> line.contains("Processing exception handler is not enabled"));
            assertThat(log).noneMatch(line -> line.contains("stream thread failed"));
            System.out.printf("faults: registry down %d s mid-stream: %d requests sent during it, %d dead-lettered, "
                            + "%d ended once each after it answered (%.1f s after the restart), 3 text records "
                            + "dead-lettered, readiness while down: %d \"%s\", %d log line(s) at the outage, %d at "
                            + "recovery, %d output lines in all%n", OUTAGE.toSeconds(), during.size(), 0,
                    during.size(), recoverySeconds, down.status(), down.reason(), outageLines, recoveryLines,
                    log.size());
        }
    }

    @Test
    void poisonRecords_eachBecomeOneDeadLetter_andTheRecordsBehindThemRun() throws Exception {
        int opsPort = FreePorts.pick(1)[0];
        // Limits raised so a valid request can have a result over the producer's 1 MiB while its input still fits:
        // 100,000 source ids (~290 KB of Avro) and 500 KB of attributes make a ~0.8 MB input whose completed event,
        // carrying the ids twice and the request, is ~1.08 MB (with 450 KB it was 20 KB under the limit).
        Process run = startService("poison", opsPort, Map.of(EnvNames.MAX_SOURCE_IDS, "200000",
                EnvNames.MAX_ATTRIBUTES_BYTES, "1000000"));
        await("the service ready").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> run.isAlive() && readiness(opsPort).status() == 200);
        try (KafkaProducer<String, byte[]> producer = producer()) {
            String hugeId = "h".repeat(350_000);
            send(producer, hugeId, encode(request(hugeId).setSourceIds(List.of()).build()));
            String bigId = "big-result";
            List<Long> manyIds = java.util.stream.LongStream.rangeClosed(1, 100_000).boxed().toList();
            send(producer, bigId, encode(request(bigId).setSourceIds(manyIds)
                    .setAttributes(Map.of("blob", "x".repeat(500_000))).build()));
            List<String> after = ids("after-poison", 10);
            after.forEach(id -> send(producer, id, encode(request(id))));

            Map<String, Long> terminal = awaitTerminal(after);
            List<ConsumerRecord<byte[], byte[]>> dead = deadLettersUntil(2);

            assertThat(terminal).allSatisfy((id, n) -> assertThat(n).isOne());
            assertThat(dead).extracting(letter -> header(letter, "__streams.errors.message"))
                    .anySatisfy(message -> assertThat(message).contains("350000 characters"))
                    .anySatisfy(message -> assertThat(message).isNotNull())
                    .anySatisfy(message -> assertThat(message).contains("max.request.size"));
            List<String> log = Files.readAllLines(work.resolve("poison.out"));
            assertThat(log).noneMatch(line -> line.contains("stream thread failed"));
            assertThat(run.isAlive()).isTrue();
            System.out.printf("faults: poison records: 350,000-character id and a result over max.request.size: "
                    + "2 dead letters, 0 stream threads replaced, %d requests behind them ended once each%n", after.size());
        }
    }

    @Test
    void brokerUnreachableAtStart_exitsNonZeroWithinTheStartupTimeout_withOneLine() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        Map<String, String> extra = Map.of(EnvNames.KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:" + deadPort);
        StartOutcome outcome = runToExit("no-broker", extra);

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.seconds()).isLessThan(STARTUP_TIMEOUT.toSeconds() + 30);
        assertThat(outcome.errorLines()).singleElement().asString()
                .startsWith("inferstream: cannot start: Kafka at 127.0.0.1:" + deadPort + " did not answer within 10 s")
                .contains(EnvNames.STARTUP_TIMEOUT_SECONDS);
        long networkWarnings = outcome.output().stream().filter(line -> line.contains("NetworkClient")).count();
        assertThat(networkWarnings).as("Kafka's connection warnings are limited").isLessThanOrEqualTo(1);
        System.out.printf("faults: broker unreachable at start: exit %d after %.1f s (timeout %d s), %d NetworkClient "
                        + "line(s), stderr: %s%n", outcome.exitCode(), outcome.seconds(), STARTUP_TIMEOUT.toSeconds(),
                networkWarnings, outcome.errorLines());
    }

    @Test
    void missingInputTopic_exitsNonZeroNamingTheTopicAndTheVariable() throws Exception {
        StartOutcome outcome = runToExit("no-topic", Map.of(EnvNames.REQUESTED_TOPIC, "no-such-requests"));

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.errorLines()).singleElement().asString()
                .contains("no-such-requests").contains(EnvNames.CREATE_TOPICS);
        System.out.printf("faults: missing input topic: exit %d after %.1f s, stderr: %s%n", outcome.exitCode(),
                outcome.seconds(), outcome.errorLines());
    }

    @Test
    void busyOpsPort_exitsNonZeroNamingTheVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            StartOutcome outcome = runToExit("busy-port",
                    Map.of(EnvNames.HTTP_PORT, Integer.toString(taken.getLocalPort())));

            assertThat(outcome.exitCode()).isEqualTo(1);
            assertThat(outcome.errorLines()).singleElement().asString()
                    .contains(Integer.toString(taken.getLocalPort())).contains(EnvNames.HTTP_PORT)
                    .doesNotContain("at io.", "BindException:\n");
            System.out.printf("faults: busy ops port: exit %d after %.1f s, stderr: %s%n", outcome.exitCode(),
                    outcome.seconds(), outcome.errorLines());
        }
    }

    // ---- the service process -------------------------------------------------------------------

    private record StartOutcome(int exitCode, double seconds, List<String> errorLines, List<String> output) {}

    private StartOutcome runToExit(String name, Map<String, String> extra) throws Exception {
        long started = System.nanoTime();
        Process run = startService(name, FreePorts.pick(1)[0], extra);
        assertThat(run.waitFor(STARTUP_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS)).as("exited").isTrue();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new StartOutcome(run.exitValue(), seconds, Files.readAllLines(work.resolve(name + ".err")).stream()
                .filter(line -> !line.isBlank()).toList(), Files.readAllLines(work.resolve(name + ".out")));
    }

    private Process startService(String name, int opsPort, Map<String, String> extra) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(stack.serviceEnvironment());
        environment.put(EnvNames.APPLICATION_ID, "faults-" + name);
        environment.put(EnvNames.STATE_DIR, work.resolve(name + "-state").toString());
        environment.put(EnvNames.HTTP_PORT, Integer.toString(opsPort));
        environment.put(EnvNames.ADVERTISED_HOST, "127.0.0.1");
        environment.put(EnvNames.POLL_INITIAL_DELAY_MILLIS, "300");
        environment.put(EnvNames.STARTUP_TIMEOUT_SECONDS, Long.toString(STARTUP_TIMEOUT.toSeconds()));
        environment.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        environment.putAll(extra);
        Process process = ServiceJar.start("384m", environment, work, work.resolve(name + ".out"),
                work.resolve(name + ".err"), "run");
        processes.add(process);
        return process;
    }

    private record Readiness(int status, String body) {
        String reason() {
            int at = body.indexOf("\"reason\":\"");
            return at < 0 ? body : body.substring(at + 10, body.indexOf('"', at + 10));
        }
    }

    private Readiness readiness(int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Readiness(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Readiness(-1, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness(-1, "");
        }
    }

    // ---- records -------------------------------------------------------------------------------

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024),
                new org.apache.kafka.common.serialization.StringSerializer(), new ByteArraySerializer());
    }

    private void send(KafkaProducer<String, byte[]> producer, String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(stack.topics().requested(), key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not send " + key.substring(0, Math.min(40, key.length())), e);
        }
    }

    private static List<String> ids(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + "-" + i).toList();
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static InferenceRequested.Builder request(String id) {
        return InferenceRequested.newBuilder().setRequestId(id).setGroupName("faults").setProjectIdentifier(PROJECT)
                .setModelIdentifier(MODEL).setSourceIds(List.of(7L)).setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(300).setPriority(Priority.LIVE).setReplayOf(null).setAttributes(Map.of());
    }

    private byte[] encode(InferenceRequested.Builder request) {
        return encode(request.build());
    }

    private byte[] encode(InferenceRequested request) {
        SpecificAvroSerializer<InferenceRequested> serializer = new SpecificAvroSerializer<>();
        serializer.configure(stack.serdeConfig(), false);
        return serializer.serialize(stack.topics().requested(), request);
    }

    /** The request schema plus one optional field: compatible with the service's, but a new id. */
    private static Schema newerRequestSchema() {
        Schema current = InferenceRequested.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        current.getFields().forEach(field -> fields.add(new Schema.Field(field, field.schema())));
        fields.add(new Schema.Field("origin", SchemaBuilder.builder().stringType(), "added in a newer version", "unknown"));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }

    private int registerNewerRequestSchema() {
        return new RestSchemaRegistryClient(List.of(stack.registryUrl()), Optional.empty())
                .register(stack.topics().requested() + "-value", newerRequestSchema());
    }

    private static byte[] encodeWithNewerSchema(int schemaId, InferenceRequested request) {
        Schema schema = newerRequestSchema();
        GenericRecord record = new GenericData.Record(schema);
        for (Schema.Field field : InferenceRequested.getClassSchema().getFields()) {
            Object value = request.get(field.name());
            record.put(field.name(), value instanceof Enum<?> symbol
                    ? new GenericData.EnumSymbol(field.schema(), symbol.name()) : value);
        }
        record.put("origin", "faults-it");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    // ---- reading the outcome ---------------------------------------------------------------------

    private TopicReader<String, byte[]> results() {
        return TopicReader.of(stack.bootstrapServers(), List.of(stack.topics().completed(), stack.topics().failed()),
                IsolationLevel.READ_COMMITTED, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private TopicReader<byte[], byte[]> deadLetters() {
        return TopicReader.bytes(stack.bootstrapServers(), stack.topics().deadLetters(), IsolationLevel.READ_COMMITTED);
    }

    /** Terminal events per requestId once every one of {@code ids} has at least one, then caught up. */
    private Map<String, Long> awaitTerminal(List<String> ids) {
        try (TopicReader<String, byte[]> reader = results()) {
            reader.awaitUntil("a terminal event for each of " + ids.size(), PATIENCE,
                    read -> keys(read).containsAll(ids));
            List<ConsumerRecord<String, byte[]>> all = reader.awaitCaughtUp("caught up", PATIENCE);
            return all.stream().map(ConsumerRecord::key).filter(ids::contains)
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> deadLettersUntil(int count) {
        try (TopicReader<byte[], byte[]> reader = deadLetters()) {
            reader.awaitUntil(count + " dead letters", PATIENCE, read -> read.size() >= count);
            return reader.awaitCaughtUp("caught up", PATIENCE);
        }
    }

    private static List<String> keys(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(ConsumerRecord::key).toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
