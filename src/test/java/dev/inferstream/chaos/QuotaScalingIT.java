package dev.inferstream.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.bench.WindowPeak;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.testkit.Scenario;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One AnnoLab quota for the whole cluster, proven with separate processor JVMs: a quota of 300 calls/s, a
 * backlog kept large enough to need it, and three instances, then one (two SIGTERMed), then three again,
 * then a SIGKILL of the busiest. The simulator counts arrivals per one-second window. In no window may it
 * see more than 1.05 × 300; once the instances have been settled for 10 s (all running ready, every input
 * partition's task running somewhere), the cluster must use at least 0.85 × 300 (the mean of the measured
 * windows; a phase that started JVMs is measured only after a warm-up, since fresh JVMs on two cores are
 * still compiling); every request ends in exactly one terminal event. The instances' own meters are
 * checked at every scrape: their shares never add up to more than the quota, nor their shares of the
 * in-flight ceiling to more than the cluster's (but for the one call each may always have). Prints every
 * window.
 *
 * <p>Runs with {@code mvn -Pchaos verify}, next to ChaosIT; alone with
 * {@code mvn -B -Pchaos verify -Dit.test=QuotaScalingIT}.
 */
class QuotaScalingIT {

    private static final String APPLICATION_ID = "inferstream-quota";
    private static final int QUOTA = 300;
    private static final double CEILING = 1.05 * QUOTA;
    /** The share of the quota a settled cluster must hand out and use. */
    private static final double USED = 0.85;
    /**
     * What the arrivals of a settled phase must reach on average. Meeting it needs CPU: on a machine shared
     * with other work, three JVMs holding the whole quota between them make fewer calls than it allows
     * ({@code -Dquota.floor=0} judges only the shares there; RELIABILITY.md has the figures).
     */
    private static final double FLOOR = Double.parseDouble(System.getProperty("quota.floor", Double.toString(USED)))
            * QUOTA;
    private static final int PARTITIONS = 6;
    private static final Duration SETTLE = Duration.ofSeconds(10);
    /**
     * Added to the settling of a phase that started JVMs: fresh ones (JIT, RocksDB, restores, first commits)
     * are not yet at speed, and on two shared cores they take half a minute to get there.
     */
    private static final Duration WARM_UP = Duration.ofSeconds(30);
    private static final int CLUSTER_IN_FLIGHT = 256;
    /** Windows measured per phase once settled. */
    private static final Duration MEASURE = Duration.ofSeconds(15);
    /** Requests published and not yet ended, kept at least this many: several seconds of work at the quota. */
    private static final int BACKLOG = 1_500;
    private static final int BATCH = 500;
    private static final int SIGTERM_EXIT = 143;
    private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(240);
    /** Each scrape renders every Kafka Streams meter of three JVMs: more often costs the instances CPU. */
    private static final Duration SCRAPE_EVERY = Duration.ofSeconds(2);
    private static final Duration SCRAPE_SPREAD = Duration.ofMillis(200);
    private static final Path OUTPUT = Path.of("target", "quota");
    private static final Path STATE = Path.of("target", "quota-state");
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();

    /** A stretch of the run with one set of instances; windows from {@code measuredFrom} on are measured. */
    private record Phase(String name, long startedAt, long settledAt, long measuredFrom, long endedAt) {
        boolean measures(long windowStart) {
            return windowStart >= measuredFrom && windowStart + 1_000 <= endedAt;
        }
    }

    /** One instance as last scraped. */
    private record Sample(boolean ready, double partitions) {
        static final Sample NONE = new Sample(false, 0);
    }

    private final OpsAnswers ops = new OpsAnswers(false);
    private final List<Phase> phases = new ArrayList<>();
    /** Per instance name, its share and partitions as scraped, by second. */
    private final Map<Long, Map<String, String>> scraped = new TreeMap<>();
    private final Map<ProcessorInstance, Sample> latest = new HashMap<>();
    private final Map<ProcessorInstance, double[]> callsSeen = new HashMap<>();
    /**
     * Over the scrapes that saw every running instance within {@link #SCRAPE_SPREAD} (each instance uses the
     * smaller of two shares for 250 ms around a change, so shares read that close together are comparable):
     * their count and the highest sums of the instances' shares and in-flight caps.
     */
    private int fullScrapes;
    /** By scrape time, the shares of every running instance added up, however far apart they were read. */
    private final Map<Long, Double> shareSums = new TreeMap<>();
    private double highestShareSum;
    private double highestInFlightSum;
    private Stack stack;
    private ProcessorCluster cluster;
    private KafkaProducer<byte[], byte[]> producer;
    private SpecificAvroSerde<InferenceRequested> serde;
    private TopicReader<byte[], byte[]> terminal;
    private final Map<String, Integer> terminalEvents = new HashMap<>();
    private int read;
    private int published;
    private boolean feeding = true;
    private long lastScrape;

    @BeforeEach
    void start() throws IOException {
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                        .models(List.of(new SimModel(100, "fast-model",
                                DurationSpec.uniform(Duration.ofMillis(500), Duration.ofMillis(1500)))))
                        .baseLatency(Duration.ofMillis(20))
                        .seed(12)
                        .build())
                .topics(TOPICS, PARTITIONS)
                .registry(Stack.Registry.LOOPBACK)
                .start();
        cluster = new ProcessorCluster(stack, APPLICATION_ID, OUTPUT, STATE, ops, Map.of(
                "INFERSTREAM_RATE_LIMIT_PER_SECOND", Integer.toString(QUOTA),
                // -Dquota.scope=instance shows what the test catches: three instances then make 3 x 300 calls/s.
                "INFERSTREAM_LIMIT_SCOPE", System.getProperty("quota.scope", "cluster"),
                "INFERSTREAM_MAX_IN_FLIGHT", Integer.toString(CLUSTER_IN_FLIGHT)));
        for (String name : List.of("a", "b", "c")) {
            cluster.add(name);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        serde = new SpecificAvroSerde<>(InferenceRequested.class);
        serde.configure(stack.serdeConfig(), false);
        terminal = TopicReader.of(stack.bootstrapServers(), List.of(TOPICS.completed(), TOPICS.failed()),
                IsolationLevel.READ_COMMITTED, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (cluster != null) {
            cluster.destroyAll();
        }
        if (terminal != null) {
            terminal.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void givenScaling3To1To3AndASigkill_noWindowExceedsTheQuota_settledClustersUseIt_andEveryRequestEndsOnce()
            throws Exception {
        long startedAt = System.currentTimeMillis();
        List<ProcessorInstance> instances = cluster.instances();
        for (ProcessorInstance instance : instances) {
            instance.start();
        }
        phase("3 instances", startedAt, SETTLE.plus(WARM_UP));

        for (ProcessorInstance instance : instances.subList(1, 3)) {
            assertThat(instance.stop()).as(instance.name() + " exit status after SIGTERM").isEqualTo(SIGTERM_EXIT);
        }
        phase("1 instance (b, c SIGTERMed)", System.currentTimeMillis(), SETTLE);

        for (ProcessorInstance instance : instances.subList(1, 3)) {
            instance.start();
        }
        phase("3 instances again", System.currentTimeMillis(), SETTLE.plus(WARM_UP));

        ProcessorInstance busiest = cluster.running().stream()
                .max(Comparator.comparingDouble(i -> latest.getOrDefault(i, Sample.NONE).partitions())).orElseThrow();
        busiest.kill();
        phase("2 instances (" + busiest.name() + " SIGKILLed)", System.currentTimeMillis(), SETTLE);

        feeding = false;
        feedUntil("every request published ended", PHASE_TIMEOUT, () -> terminalEvents.size() >= published);
        List<ConsumerRecord<byte[], byte[]>> all = terminal.awaitCaughtUp("terminal topics to their end", PHASE_TIMEOUT);
        countTerminal(all);
        long endedAt = System.currentTimeMillis();

        List<Long> arrivals = new ArrayList<>(stack.simulator().stats().callArrivals());
        arrivals.sort(Long::compare);
        Map<Long, Integer> windows = perSecond(arrivals, startedAt, endedAt);
        report(windows, startedAt, arrivals, endedAt);

        // Every verdict at once: a run on a loaded machine should say all that it found, not the first.
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(windows).as("arrivals per one-second window, at most 1.05 x %d", QUOTA)
                .allSatisfy((second, count) -> assertThat(count).as("window at %d s", second - startedAt / 1_000)
                        .isLessThanOrEqualTo((int) CEILING));
        for (Phase phase : phases) {
            Map<Long, Integer> measured = measured(windows, phase);
            soft.assertThat(measured).as("%s: windows measured", phase.name()).hasSizeGreaterThanOrEqualTo(
                    (int) MEASURE.toSeconds() - 1);
            soft.assertThat(measured.values().stream().mapToInt(Integer::intValue).average().orElse(0))
                    .as("%s: mean arrivals per window once settled, at least %.0f", phase.name(), FLOOR)
                    .isGreaterThanOrEqualTo(FLOOR);
            soft.assertThat(measuredShareSum(phase)).as("%s: mean sum of the shares once settled", phase.name())
                    .isGreaterThanOrEqualTo(USED);
        }
        // Under load, three scrapes within 200 ms are rare: a handful is enough for the sums to mean something.
        soft.assertThat(fullScrapes).as("scrapes that saw every running instance within %s", SCRAPE_SPREAD)
                .isGreaterThanOrEqualTo(10);
        soft.assertThat(highestShareSum).as("highest sum of the instances' inferstream_quota_share")
                .isLessThanOrEqualTo(1.0);
        // Every instance may always have one call in flight, however small its share.
        soft.assertThat(highestInFlightSum).as("highest sum of the instances' inferstream_quota_in_flight")
                .isLessThanOrEqualTo(CLUSTER_IN_FLIGHT + cluster.instances().size());
        soft.assertThat(terminalEvents.values().stream().filter(count -> count > 1).count())
                .as("requests with more than one terminal event").isZero();
        soft.assertThat(terminalEvents).as("every request published ended").hasSize(published);
        soft.assertAll();
    }

    /**
     * Runs one phase: waits until the instances have settled, then keeps the backlog fed for the settling
     * time and the measured windows.
     */
    private void phase(String name, long startedAt, Duration settle) {
        List<ProcessorInstance> running = cluster.running();
        feedUntil(name + ": settled", PHASE_TIMEOUT, () -> settled(running));
        long settledAt = System.currentTimeMillis();
        long measuredFrom = settledAt + settle.toMillis();
        long until = measuredFrom + MEASURE.toMillis() + 1_000;
        feedUntil(name + ": measured", PHASE_TIMEOUT, () -> {
            if (!settled(running)) {
                throw new AssertionError(name + ": instances unsettled while measuring; see " + OUTPUT);
            }
            return System.currentTimeMillis() >= until;
        });
        phases.add(new Phase(name, startedAt, settledAt, measuredFrom, System.currentTimeMillis()));
        System.out.printf("quota: %s, settled %.1f s after it began%n", name, (settledAt - startedAt) / 1e3);
    }

    /**
     * As of the last scrape: all running instances ready, and every input partition's task running on one of
     * them.
     */
    private boolean settled(List<ProcessorInstance> running) {
        for (ProcessorInstance instance : running) {
            if (!instance.isRunning()) {
                throw new AssertionError(instance.name() + " exited on its own; see " + OUTPUT);
            }
        }
        return running.stream().allMatch(instance -> latest.getOrDefault(instance, Sample.NONE).ready())
                && running.stream().mapToDouble(instance -> latest.getOrDefault(instance, Sample.NONE).partitions())
                .sum() == PARTITIONS;
    }

    /** Polls until {@code done}, keeping the backlog topped up, reading terminal events and scraping shares. */
    private void feedUntil(String description, Duration atMost, BooleanSupplier done) {
        await(description).atMost(atMost).pollInterval(Duration.ofMillis(250)).pollInSameThread().until(() -> {
            countTerminal(terminal.awaitUntil("terminal events so far", Duration.ofSeconds(30), records -> true));
            if (feeding && published - terminalEvents.size() < BACKLOG) {
                publish(BATCH);
            }
            scrape();
            return done.getAsBoolean();
        });
    }

    private void countTerminal(List<ConsumerRecord<byte[], byte[]>> records) {
        for (; read < records.size(); read++) {
            terminalEvents.merge(new String(records.get(read).key(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
    }

    private void publish(int count) throws Exception {
        List<Future<?>> acks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "quota-" + published;
            acks.add(producer.send(new ProducerRecord<>(TOPICS.requested(), id.getBytes(StandardCharsets.UTF_8),
                    serde.serializer().serialize(TOPICS.requested(), Scenario.OK.request(id, published)))));
            published++;
        }
        for (Future<?> ack : acks) {
            ack.get();
        }
    }

    /** Every {@link #SCRAPE_EVERY}: whether each running instance is ready, its share of the quota and its partitions. */
    private void scrape() {
        long now = System.currentTimeMillis();
        if (now - lastScrape < SCRAPE_EVERY.toMillis()) {
            return;
        }
        lastScrape = now;
        Map<String, String> shares = new LinkedHashMap<>();
        latest.clear();
        List<ProcessorInstance> running = cluster.running();
        Map<ProcessorInstance, String> bodies = new HashMap<>();
        long firstAt = System.nanoTime();
        for (ProcessorInstance instance : running) {
            instance.metrics().ifPresent(body -> bodies.put(instance, body));
        }
        boolean together = bodies.size() == running.size()
                && System.nanoTime() - firstAt <= SCRAPE_SPREAD.toNanos();
        double shareSum = 0;
        double inFlightSum = 0;
        for (ProcessorInstance instance : running) {
            String body = bodies.get(instance);
            if (body == null) {
                continue;
            }
            double share = ProcessorInstance.value(body, "inferstream_quota_share").orElse(Double.NaN);
            double inFlightCap = ProcessorInstance.value(body, "inferstream_quota_in_flight").orElse(Double.NaN);
            double partitions = ProcessorInstance.value(body, "inferstream_quota_partitions").orElse(Double.NaN);
            shareSum += share;
            inFlightSum += inFlightCap;
            latest.put(instance, new Sample(instance.isReady(), partitions));
            double calls = ProcessorInstance.sum(body, "inferstream_api_calls_total");
            // A restarted instance counts from zero again.
            double[] seen = callsSeen.getOrDefault(instance, new double[] {now, calls});
            double perSecond = now > seen[0] && calls >= seen[1] ? (calls - seen[1]) * 1_000 / (now - seen[0]) : 0;
            callsSeen.put(instance, new double[] {now, calls});
            shares.put(instance.name().substring("instance-".length()), String.format("%.2f/%.0f/%.0f/%.0f/%.0f",
                    share, partitions, perSecond, ProcessorInstance.value(body, "inferstream_api_in_flight")
                            .orElse(Double.NaN), inFlightCap));
        }
        if (bodies.size() == running.size()) {
            shareSums.put(now, shareSum);
        }
        if (together) {
            // NaN (a meter missing) must fail the checks, not slip past a comparison.
            fullScrapes++;
            highestShareSum = Double.isNaN(shareSum) ? Double.POSITIVE_INFINITY : Math.max(highestShareSum, shareSum);
            highestInFlightSum = Double.isNaN(inFlightSum) ? Double.POSITIVE_INFINITY
                    : Math.max(highestInFlightSum, inFlightSum);
        }
        scraped.put(now / 1_000, shares);
    }

    private static Map<Long, Integer> perSecond(List<Long> arrivals, long from, long to) {
        Map<Long, Integer> windows = new TreeMap<>();
        for (long second = from / 1_000; second < to / 1_000; second++) {
            windows.put(second, 0);
        }
        arrivals.stream().filter(at -> at >= from && at < to / 1_000 * 1_000)
                .forEach(at -> windows.merge(at / 1_000, 1, Integer::sum));
        return windows;
    }

    /** The mean over the phase's measured stretch of the running instances' shares added up. */
    private double measuredShareSum(Phase phase) {
        return shareSums.entrySet().stream()
                .filter(sum -> sum.getKey() >= phase.measuredFrom() && sum.getKey() <= phase.endedAt())
                .mapToDouble(Map.Entry::getValue).average().orElse(0);
    }

    private static Map<Long, Integer> measured(Map<Long, Integer> windows, Phase phase) {
        return windows.entrySet().stream().filter(window -> phase.measures(window.getKey() * 1_000))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private Optional<Phase> phaseAt(long windowStart) {
        return phases.stream().filter(phase -> windowStart >= phase.startedAt() && windowStart < phase.endedAt())
                .findFirst();
    }

    private void report(Map<Long, Integer> windows, long startedAt, List<Long> arrivals, long endedAt) {
        System.out.printf("quota: %d calls/s for the cluster; a window may hold at most %.0f, a settled one at "
                + "least %.0f; per instance as scraped: share/partitions/calls per second/in flight/in-flight cap%n", QUOTA, CEILING,
                FLOOR);
        System.out.println("quota:   t(s)  arrivals  phase                              measured  a/b/c");
        windows.forEach((second, count) -> {
            long windowStart = second * 1_000;
            Optional<Phase> phase = phaseAt(windowStart);
            System.out.printf("quota: %6d  %8d  %-34s %-9s %s%n", second - startedAt / 1_000, count,
                    phase.map(Phase::name).orElse("draining"),
                    phase.filter(p -> p.measures(windowStart)).isPresent() ? "yes" : "",
                    scraped.getOrDefault(second, Map.of()));
        });
        for (Phase phase : phases) {
            Map<Long, Integer> measured = measured(windows, phase);
            System.out.printf("quota: %-34s settled after %5.1f s; %2d windows measured: min %d, mean %.1f, max %d; "
                            + "mean sum of shares %.3f%n",
                    phase.name(), (phase.settledAt() - phase.startedAt()) / 1e3, measured.size(),
                    measured.values().stream().mapToInt(Integer::intValue).min().orElse(0),
                    measured.values().stream().mapToInt(Integer::intValue).average().orElse(0),
                    measured.values().stream().mapToInt(Integer::intValue).max().orElse(0), measuredShareSum(phase));
        }
        System.out.printf("quota: highest sum of shares %.4f and of in-flight caps %.0f over %d scrapes of every "
                + "instance%n", highestShareSum, highestInFlightSum, fullScrapes);
        System.out.printf("quota: highest one-second window %d, busiest sliding second %d; %d requests, %d terminal "
                        + "events, %d requests with more than one; %.1f s%n",
                windows.values().stream().mapToInt(Integer::intValue).max().orElse(0), WindowPeak.perSecond(arrivals),
                published, terminalEvents.values().stream().mapToInt(Integer::intValue).sum(),
                terminalEvents.values().stream().filter(count -> count > 1).count(), (endedAt - startedAt) / 1e3);
    }
}
