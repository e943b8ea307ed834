package dev.inferstream.topology;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.MockSchemaRegistry;
import dev.inferstream.serde.SchemaRegistryClient;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.state.DueIndex;
import dev.inferstream.state.JobLedger;
import dev.inferstream.state.JobState;
import dev.inferstream.state.JobStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The real topology in a TopologyTestDriver, with real RocksDB stores, a mock:// registry and the
 * deterministic {@link FakeAnnoLabClient}. Time moves only when a test calls {@link #advance}.
 */
final class TopologyHarness implements AutoCloseable {

    static final long T0 = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    final TopologySettings settings;
    final FakeAnnoLabClient api;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<TickReport> ticks = new CopyOnWriteArrayList<>();
    final JobServices services;
    private final String registryScope = "topology-" + UUID.randomUUID();
    private final Path stateDir;
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, InferenceRequested> requested;
    private final TestInputTopic<byte[], byte[]> rawRequested;
    private final TestOutputTopic<String, InferenceCompleted> completed;
    private final TestOutputTopic<String, InferenceFailed> failed;
    private final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Serde<InferenceRequested> requestedSerde;
    private long now = T0;

    TopologyHarness(TopologySettings settings) {
        this(settings, Function.identity());
    }

    /**
     * @param processorRegistry the registry the processor's serdes use, given the one the test encodes
     *                          with (a {@code mock://} scope), e.g. one that can be made unreachable
     */
    TopologyHarness(TopologySettings settings, Function<SchemaRegistryClient, SchemaRegistryClient> processorRegistry) {
        this.settings = settings;
        this.api = new FakeAnnoLabClient(this::now);
        this.services = new JobServices(api, new ApiCapacity(settings.limits(), settings.retries()),
                new DurationLearner(settings.polling()), new JobMetrics(meters, settings.metricLabelLimit()), ticks::add,
                () -> new SplittableRandom(42), new RegistryHealth());
        this.stateDir = tempDir();
        EventSerdes serdes = new EventSerdes(serde(InferenceRequested.class), serde(InferenceCompleted.class),
                serde(InferenceFailed.class));
        this.requestedSerde = serdes.requested();
        SchemaRegistryClient registry = processorRegistry.apply(MockSchemaRegistry.clientForScope(registryScope));
        EventSerdes processorSerdes = new EventSerdes(new SpecificAvroSerde<>(registry, InferenceRequested.class),
                new SpecificAvroSerde<>(registry, InferenceCompleted.class),
                new SpecificAvroSerde<>(registry, InferenceFailed.class));
        Properties properties = StreamsProperties.of("inferstream-test", "unused:9092", stateDir, settings.topics(),
                Map.of());
        this.driver = new TopologyTestDriver(InferstreamTopology.build(settings, processorSerdes, services), properties,
                Instant.ofEpochMilli(T0));
        TopologySettings.Topics topics = settings.topics();
        this.requested = driver.createInputTopic(topics.requested(), new StringSerializer(),
                serdes.requested().serializer());
        this.rawRequested = driver.createInputTopic(topics.requested(), new ByteArraySerializer(),
                new ByteArraySerializer());
        this.completed = driver.createOutputTopic(topics.completed(), new StringDeserializer(),
                serdes.completed().deserializer());
        this.failed = driver.createOutputTopic(topics.failed(), new StringDeserializer(),
                serdes.failed().deserializer());
        this.deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    static TopologyHarness withDefaults() {
        return new TopologyHarness(TopologySettings.defaults());
    }

    long now() {
        return now;
    }

    void send(InferenceRequested request) {
        send(request.getRequestId(), request);
    }

    void send(String key, InferenceRequested request) {
        requested.pipeInput(new TestRecord<>(key, request, Instant.ofEpochMilli(now)));
    }

    void sendRaw(byte[] key, byte[] value) {
        rawRequested.pipeInput(new TestRecord<>(key, value, Instant.ofEpochMilli(now)));
    }

    byte[] encode(InferenceRequested request) {
        return requestedSerde.serializer().serialize(settings.topics().requested(), request);
    }

    /** Moves the wall clock tick by tick, so every punctuation in between runs. */
    /** Records written to the changelog of {@code store} since the last call. */
    long changelogRecords(String store) {
        return driver.createOutputTopic("inferstream-test-" + store + "-changelog", new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readRecordsToList().size();
    }

    void advance(Duration duration) {
        long tick = settings.tickInterval().toMillis();
        long remaining = duration.toMillis();
        while (remaining > 0) {
            long step = Math.min(tick, remaining);
            now += step;
            remaining -= step;
            driver.advanceWallClockTime(Duration.ofMillis(step));
        }
    }

    /** Moves the clock in coarse steps; for long waits where per-tick precision does not matter. */
    void advanceCoarsely(Duration duration, Duration step) {
        long remaining = duration.toMillis();
        while (remaining > 0) {
            long move = Math.min(step.toMillis(), remaining);
            now += move;
            remaining -= move;
            driver.advanceWallClockTime(Duration.ofMillis(move));
        }
    }

    List<TestRecord<String, InferenceCompleted>> completed() {
        return completed.readRecordsToList();
    }

    List<TestRecord<String, InferenceFailed>> failed() {
        return failed.readRecordsToList();
    }

    /** Dead letters written since the last call, with their headers. */
    List<TestRecord<byte[], byte[]>> deadLetters() {
        return deadLetters.readRecordsToList();
    }


    /** Records Kafka Streams skipped (undecodable input handed to the dead-letter queue). */
    double droppedRecords() {
        return driver.metrics().entrySet().stream()
                .filter(entry -> entry.getKey().name().equals("dropped-records-total")
                        && entry.getKey().group().equals("stream-task-metrics"))
                .mapToDouble(entry -> ((Number) entry.getValue().metricValue()).doubleValue())
                .sum();
    }

    /** The job as the {@code jobs} store holds it now, as /jobs would read it. */
    Optional<JobState> job(String requestId) {
        KeyValueStore<String, JobState> jobs = driver.getKeyValueStore(JobStore.STORE_NAME);
        return Optional.ofNullable(jobs.get(requestId));
    }

    /**
     * Puts a job into the stores as a new owner would find it after restoring the changelog of a task that
     * stopped with it: this processor never prepared its calls.
     */
    void restore(JobState job) {
        new JobLedger(new JobStore(driver.getKeyValueStore(JobStore.STORE_NAME)),
                new DueIndex(driver.getKeyValueStore(DueIndex.STORE_NAME))).add(job);
    }

    double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        driver.close();
        MockSchemaRegistry.dropScope(registryScope);
        deleteRecursively(stateDir);
    }

    private <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(Map.of("schema.registry.url", "mock://" + registryScope), false);
        return serde;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("inferstream-ttd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
