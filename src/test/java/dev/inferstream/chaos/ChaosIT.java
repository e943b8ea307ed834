package dev.inferstream.chaos;

import dev.inferstream.testkit.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.Stack;
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
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three processors, each its own JVM started as an operator starts it ({@code java -jar inferstream-service.jar run},
 * environment only), against a real KRaft broker, a registry over loopback HTTP and the simulator with
 * faults on. While 3,000 distinct requests (plus re-sends and undecodable records) flow, instances are
 * SIGKILLed and restarted, scaled 3 → 1 → 3, and the broker restarts. Afterwards the read_committed
 * output must hold exactly one terminal event per request with the outcome its scenario implies, the DLQ
 * every undecodable record, and no output file, record or ops answer the API key.
 *
 * <p>Runs only with {@code mvn -Pchaos verify}: the package phase builds the service jar it starts.
 */
class ChaosIT {

    private static final String API_KEY = "CHAOS-KEY-4f9b1c";
    private static final String APPLICATION_ID = "inferstream-chaos";
    private static final int REQUESTS = 3_000;
    private static final int PARTITIONS = 6;
    /**
     * The limits are the whole application's: three instances share what each of them had to itself before
     * the quota was cluster-wide (100 calls/s and 64 calls in flight each), so the load keeps its shape.
     */
    private static final Map<String, String> LIMITS = Map.of("INFERSTREAM_RATE_LIMIT_PER_SECOND", "300",
            "INFERSTREAM_MAX_IN_FLIGHT", "192");
    /** JobProcessor logs this before the POST when it resubmits a job an earlier owner left in SUBMITTING. */
    private static final String RESUBMIT_LINE = "was being submitted before a restart; submitting again";
    private static final int DUPLICATES_PER_SLICE = 40;
    private static final int GARBAGE_PER_SLICE = 6;
    private static final int SIGTERM_EXIT = 143;
    private static final long SEED = Long.getLong("chaos.seed", System.currentTimeMillis());
    /** Process output only, so the secret scan's file count means what it says. */
    private static final Path OUTPUT = Path.of("target", "chaos");
    private static final Path STATE = Path.of("target", "chaos-state");
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(180);
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();

    /** One disturbance between slices of load; each says what it did for the log. */
    private interface Disturbance {
        String apply() throws Exception;
    }

    private final Random random = new Random(SEED);
    private final OpsAnswers ops = new OpsAnswers();
    private ProcessorCluster cluster;
    private List<ProcessorInstance> instances;
    private EmbeddedKafkaBroker broker;
    private Stack stack;
    private AnnoLabSimulator simulator;
    private KafkaProducer<byte[], byte[]> producer;
    private int kills;

    @BeforeEach
    void start() throws IOException {
        // Aborts a SIGKILLed producer's open transaction soon after its timeout, so read_committed moves on.
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                .models(List.of(new SimModel(100, "fast-model",
                                DurationSpec.uniform(Duration.ofMillis(500), Duration.ofMillis(1500))),
                        new SimModel(102, "stuck-model", DurationSpec.never())))
                .erroredShare(0.1)
                .fault(FaultKind.INTERNAL_ERROR, 0.03)
                .fault(FaultKind.BAD_GATEWAY, 0.01)
                .fault(FaultKind.UNAVAILABLE, 0.02)
                .fault(FaultKind.RATE_LIMITED, 0.02)
                .fault(FaultKind.SLOW, 0.02)
                .fault(FaultKind.DROPPED, 0.01)
                .seed(SEED)
                .build())
                .apiKey(API_KEY)
                .topics(TOPICS, PARTITIONS)
                .registry(Stack.Registry.LOOPBACK)
                .brokerProperties(props ->
                        props.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000"))
                .start();
        broker = stack.broker();
        simulator = stack.simulator();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        cluster = new ProcessorCluster(stack, APPLICATION_ID, OUTPUT, STATE, ops, LIMITS);
        for (String name : List.of("a", "b", "c")) {
            cluster.add(name);
        }
        instances = cluster.instances();
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.destroyAll();
        }
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenKillsScalingAndABrokerRestart_everyRequestEndsExactlyOnceAndTheKeyLeaksNowhere() throws Exception {
        long startedAt = System.nanoTime();
        System.out.println("chaos: seed " + SEED + " (rerun with -Dchaos.seed=" + SEED + ")");
        for (ProcessorInstance instance : instances) {
            instance.start();
        }
        awaitRunningInstancesReady("all three instances ready");
        ChaosLoad load = new ChaosLoad(producer, requestSerde(), TOPICS.requested(), random);
        List<Disturbance> disturbances = List.of(this::killOne, this::killOne, this::killOne,
                this::scaleDownToOne, this::scaleUpToThree, this::restartBroker, this::killOne, this::killOne);

        List<ConsumerRecord<byte[], byte[]>> terminalEvents;
        try (TopicReader<byte[], byte[]> terminal = TopicReader.of(broker.bootstrapServers(),
                List.of(TOPICS.completed(), TOPICS.failed()), IsolationLevel.READ_COMMITTED,
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            int slices = disturbances.size() + 1;
            int sliceSize = REQUESTS / slices;
            for (int slice = 0; slice < slices; slice++) {
                int from = slice * sliceSize;
                int to = slice == slices - 1 ? REQUESTS : from + sliceSize;
                load.publishSlice(from, to, DUPLICATES_PER_SLICE, GARBAGE_PER_SLICE);
                if (slice < disturbances.size()) {
                    // Disturb while this slice is half done, so jobs are pending in every phase.
                    awaitEnded(terminal, from + sliceSize / 2, "half of slice " + slice);
                    lookUpARandomJob(load);
                    String what = disturbances.get(slice).apply();
                    System.out.printf("chaos: %5.1f s  %s%n", seconds(startedAt), what);
                }
            }
            awaitEnded(terminal, REQUESTS, "every distinct request");
            awaitRunningInstancesReady("instances settled");
            // No owner changes from here on, so anything still to come would already be in the log.
            terminalEvents = terminal.awaitCaughtUp("caught up with the terminal topics", PROGRESS_TIMEOUT);
        }
        instances.forEach(ProcessorInstance::scrapeSuspectedDoubles);
        List<ConsumerRecord<byte[], byte[]>> deadLetters = readAll(TOPICS.deadLetters(), load.garbage().size());

        Map<String, List<SpecificRecord>> byRequest = decodeByRequest(terminalEvents);
        int duplicated = (int) byRequest.values().stream().filter(events -> events.size() > 1).count();
        int lost = (int) load.distinct().keySet().stream().filter(id -> !byRequest.containsKey(id)).count();
        SimStats stats = simulator.stats();
        double suspected = instances.stream().mapToDouble(ProcessorInstance::suspectedDoublesSeen).sum();
        long resubmitsLogged = LogLines.count(OUTPUT, RESUBMIT_LINE);
        SecretScan secrets = new SecretScan(API_KEY).files("process output files", OUTPUT)
                .files("state directory files", STATE).records(terminalEvents).records(deadLetters)
                .answers(ops.all());
        System.out.printf("chaos: %d distinct requests %s, %d re-sends, %d undecodable; %d SIGKILLs, scale 3->1->3, "
                        + "1 broker restart, %d processor starts; faults %s%n",
                REQUESTS, countByScenario(load.distinct()), load.duplicates(), load.garbage().size(), kills,
                instances.stream().mapToInt(ProcessorInstance::incarnations).sum(), stats.faults());
        System.out.printf("chaos: %d terminal events, lost %d, duplicated %d; %d dead letters for %d undecodable; "
                        + "%d jobs submitted twice for one request (resubmissions after a restart, from the logs: %d; "
                        + "suspected-double counters scraped: %.0f); secret scan: %s, %d findings; %.1f s%n",
                terminalEvents.size(), lost, duplicated, deadLetters.size(), load.garbage().size(),
                stats.duplicates().extraSubmissions(), resubmitsLogged, suspected,
                secrets.summary(), secrets.findings().size(), seconds(startedAt));

        assertThat(byRequest.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size())))
                .as("requests with more than one terminal event").isEmpty();
        assertThat(byRequest.keySet()).as("every distinct request ended, and nothing else did")
                .containsExactlyInAnyOrderElementsOf(load.distinct().keySet());
        assertOutcomes(byRequest, load.distinct(), stats);
        assertThat(deadLetters).extracting(ConsumerRecord::value).as("the dead-letter queue")
                .containsExactlyInAnyOrderElementsOf(load.garbage());
        assertThat(secrets.findings()).as("places the API key appeared").isEmpty();
        // A job is submitted twice only when (a) a new owner resubmits a job left in SUBMITTING, which it logs
        // before the POST, so the line survives a later SIGKILL; or (b) a POST got no answer yet created a
        // job and is retried, which the suspected-double counter counts. Counters die with a SIGKILLed JVM,
        // so (b) is only seen up to each instance's last scrape, taken just before every kill and stop.
        assertThat((double) stats.duplicates().extraSubmissions())
                .as("jobs submitted twice, at most the logged resubmissions plus the counted no-answer retries")
                .isLessThanOrEqualTo(resubmitsLogged + suspected);
    }

    private String killOne() throws Exception {
        List<ProcessorInstance> running = instances.stream().filter(ProcessorInstance::isRunning).toList();
        ProcessorInstance victim = running.get(random.nextInt(running.size()));
        victim.kill();
        kills++;
        victim.start();
        awaitRunningInstancesReady(victim.name() + " back after SIGKILL");
        return "SIGKILL " + victim.name() + " and restart on the same state dir";
    }

    private String scaleDownToOne() throws Exception {
        for (ProcessorInstance instance : instances.subList(1, instances.size())) {
            // The JVM reports 128 + 15 once the shutdown hooks (closing Streams) have finished; a hook that
            // hangs fails stop() on its timeout instead.
            assertThat(instance.stop()).as(instance.name() + " exit status after SIGTERM").isEqualTo(SIGTERM_EXIT);
        }
        awaitRunningInstancesReady("one instance left");
        return "scale 3 -> 1 (SIGTERM " + instances.get(1).name() + ", " + instances.get(2).name() + ")";
    }

    private String scaleUpToThree() throws Exception {
        for (ProcessorInstance instance : instances.subList(1, instances.size())) {
            instance.start();
        }
        awaitRunningInstancesReady("three instances again");
        return "scale 1 -> 3";
    }

    private String restartBroker() {
        broker.restart();
        awaitRunningInstancesReady("instances after the broker restart");
        return "broker restart (same ports and data)";
    }

    private void awaitRunningInstancesReady(String description) {
        cluster.awaitRunningReady(description);
    }

    /** Asks a random running instance for a random request's job: whichever instance owns it answers. */
    private void lookUpARandomJob(ChaosLoad load) {
        List<String> ids = List.copyOf(load.distinct().keySet());
        List<ProcessorInstance> running = instances.stream().filter(ProcessorInstance::isRunning).toList();
        running.get(random.nextInt(running.size())).job(ids.get(random.nextInt(ids.size())));
        running.forEach(ProcessorInstance::scrapeSuspectedDoubles);
    }

    private static void awaitEnded(TopicReader<byte[], byte[]> terminal, int count, String description) {
        terminal.awaitUntil(description + " (" + count + " requests ended)", PROGRESS_TIMEOUT,
                records -> records.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                        .distinct().count() >= count);
    }

    private List<ConsumerRecord<byte[], byte[]>> readAll(String topic, int atLeast) {
        try (TopicReader<byte[], byte[]> reader = TopicReader.bytes(broker.bootstrapServers(), topic,
                IsolationLevel.READ_COMMITTED)) {
            reader.awaitUntil(topic, PROGRESS_TIMEOUT, records -> records.size() >= atLeast);
            return reader.awaitCaughtUp(topic + " to its end", PROGRESS_TIMEOUT);
        }
    }

    private Map<String, List<SpecificRecord>> decodeByRequest(List<ConsumerRecord<byte[], byte[]>> events) {
        SpecificAvroSerde<InferenceCompleted> completed = serde(InferenceCompleted.class);
        SpecificAvroSerde<InferenceFailed> failed = serde(InferenceFailed.class);
        Map<String, List<SpecificRecord>> byRequest = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> event : events) {
            SpecificRecord value = event.topic().equals(TOPICS.completed())
                    ? completed.deserializer().deserialize(event.topic(), event.value())
                    : failed.deserializer().deserialize(event.topic(), event.value());
            byRequest.computeIfAbsent(new String(event.key(), StandardCharsets.UTF_8),
                    key -> new ArrayList<>()).add(value);
        }
        return byRequest;
    }

    private static void assertOutcomes(Map<String, List<SpecificRecord>> byRequest, Map<String, Scenario> scenarios,
                                       SimStats stats) {
        Map<Long, JobStats> jobs = stats.jobs().stream().collect(Collectors.toMap(JobStats::jobId, Function.identity()));
        Map<String, String> wrong = new LinkedHashMap<>();
        byRequest.forEach((id, events) -> {
            SpecificRecord event = events.get(0);
            Scenario scenario = scenarios.get(id);
            String outcome = event instanceof InferenceFailed f ? f.getReason().name() : "COMPLETED";
            String expected;
            if (scenario == Scenario.OK) {
                long jobId = event instanceof InferenceCompleted c ? c.getInferenceJobId()
                        : ((InferenceFailed) event).getInferenceJobId();
                JobStatus status = jobs.get(jobId).terminalStatus().orElseThrow();
                expected = status == JobStatus.ERRORED ? "JOB_ERRORED" : "COMPLETED";
            } else {
                expected = scenario.expectedFailure().name();
            }
            if (!outcome.equals(expected)) {
                wrong.put(id, scenario + " ended " + outcome + ", expected " + expected);
            }
        });
        assertThat(wrong).as("requests whose outcome does not match their scenario").isEmpty();
    }

    private SpecificAvroSerde<InferenceRequested> requestSerde() {
        return serde(InferenceRequested.class);
    }

    private <T extends SpecificRecord> SpecificAvroSerde<T> serde(Class<T> type) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(stack.serdeConfig(), false);
        return serde;
    }

    private static Map<Scenario, Long> countByScenario(Map<String, Scenario> scenarios) {
        return scenarios.values().stream().collect(Collectors.groupingBy(Function.identity(),
                () -> new EnumMap<>(Scenario.class), Collectors.counting()));
    }

    private static double seconds(long startedAt) {
        return (System.nanoTime() - startedAt) / 1e9;
    }
}
