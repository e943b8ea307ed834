package dev.inferstream.harness.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferstream.config.EnvNames;
import dev.inferstream.harness.embedded.EmbeddedSchemaRegistry;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.AvroSerdeConfig;
import dev.inferstream.service.TopicSetup;
import dev.inferstream.state.DueIndex;
import dev.inferstream.state.JobStore;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

/**
 * The scale figures: one Inferstream instance, in a JVM of its own, holding {@code largePending}
 * jobs that never finish.
 *
 * <ol>
 *   <li>Warm-up: the live trickle below, for a while, so the first point does not measure the JIT.</li>
 *   <li>Ingest: requests for a model whose jobs never finish, with a long timeout. The service checks a
 *       job first after the learned duration of its model, and before anything is learned after
 *       {@code INFERSTREAM_POLL_INITIAL_DELAY_MILLIS}, set here to its maximum of one hour: so these
 *       jobs are accepted, submitted (the simulator holds them) and then wait beyond the run.</li>
 *   <li>At {@code smallPending} and again at {@code largePending}: a steady trickle of live requests for
 *       a fast model, warm-up first, then two scrapes of {@code /metrics} around a window give the ticks'
 *       mean and p99 duration and due-index entries read. The trickle's requests carry a short timeout,
 *       because a job is checked no later than its deadline: without it, their first check would also wait
 *       the hour. The first checks at the deadline teach the service the fast model's duration.</li>
 *   <li>After each window: a full GC in the service ({@code jcmd}), heap from its {@code /metrics}, RSS
 *       and peak RSS from {@code /proc}.</li>
 *   <li>Restore: SIGTERM, wait until the stopped member has left the consumer group, then a new instance
 *       with the same application id on an empty state directory; time until it is ready, and look up
 *       a sample of the pending requests on it.</li>
 * </ol>
 *
 * <p>The broker is the caller's; the simulator (in this JVM: a million jobs take a few hundred MiB of
 * its heap) and a loopback schema registry, which the service JVM and this JVM's producer share, are
 * started here. Progress goes to {@code log}; the API key appears in neither.
 */
public final class ScaleBench {

    private static final String API_KEY = "scale-bench-key";
    private static final String APPLICATION_ID = "bench-scale";
    private static final String INPUT = "bench-scale-requested";
    private static final String PENDING_MODEL = "never-model";
    private static final String LIVE_MODEL = "fast-model";
    private static final int PARTITIONS = 6;
    private static final Duration FIRST_CHECK = Duration.ofHours(1);
    private static final int PENDING_TIMEOUT_SECONDS = (int) Duration.ofDays(1).toSeconds();
    /** Above the trickle's 1 s jobs, so a check at the deadline finds them finished. */
    private static final int LIVE_TIMEOUT_SECONDS = 3;
    private static final Duration POLL = Duration.ofMillis(50);
    /** A scrape costs the service some CPU; counters read from it need no finer resolution than this. */
    private static final Duration SCRAPE_EVERY = Duration.ofMillis(200);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(15);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final String ACCEPTED = "inferstream_requests_total";
    private static final Map<String, String> RESULT_ACCEPTED = Map.of("result", "accepted");
    private static final String JOBS_STORED = "inferstream_jobs_stored";
    private static final String MEMORY_USED = "jvm_memory_used_bytes";
    private static final Map<String, String> HEAP = Map.of("area", "heap");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScalePlan plan;
    private final String bootstrapServers;
    private final PrintWriter log;
    private final Path scratch;
    private final AnnoLabSimulator simulator;
    private final ScaleRequests requests;
    private final String registryUrl;
    private final Admin admin;
    /** Jobs the simulator should hold once everything produced so far is submitted. */
    private long expectedSubmissions;

    private ScaleBench(ScalePlan plan, String bootstrapServers, PrintWriter log, Path scratch,
                       AnnoLabSimulator simulator, ScaleRequests requests, String registryUrl, Admin admin) {
        this.plan = plan;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
        this.scratch = scratch;
        this.simulator = simulator;
        this.requests = requests;
        this.registryUrl = registryUrl;
        this.admin = admin;
    }

    /**
     * Runs the whole measurement against the broker at {@code bootstrapServers}, on topics and an
     * application id of its own ({@code bench-scale*}, so once per broker), and returns its figures.
     */
    public static ScaleFigures run(ScalePlan plan, String bootstrapServers, PrintWriter log) throws Exception {
        long startedAt = System.nanoTime();
        Path scratch = Files.createTempDirectory("inferstream-scale");
        TopologySettings.Topics topics = InferstreamEvents.topics(INPUT);
        TopicSetup.createMissing(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                topics.partitioned(PARTITIONS, 1), ADMIN_TIMEOUT);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start();
             AnnoLabSimulator simulator = AnnoLabSimulator.startBlocking(simConfig(plan));
             ScaleRequests requests = new ScaleRequests(bootstrapServers, Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registry.url()),
                     topics.requested());
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ScaleBench bench = new ScaleBench(plan, bootstrapServers, log, scratch, simulator, requests, registry.url(),
                    admin);
            return bench.measure(startedAt);
        } finally {
            Utils.delete(scratch.toFile());
        }
    }

    private static SimConfig simConfig(ScalePlan plan) {
        // No errored jobs, no faults and no latency: the figures are the service's, not the API's.
        return SimConfig.defaults().toBuilder().port(0).apiKeys(API_KEY).erroredShare(0)
                .models(List.of(new SimModel(301, PENDING_MODEL, DurationSpec.never()),
                        new SimModel(302, LIVE_MODEL, DurationSpec.fixed(plan.trickleJob()))))
                .build();
    }

    private ScaleFigures measure(long startedAt) throws Exception {
        ScalePoint small;
        ScalePoint large;
        List<String> sample;
        try (ServiceProcess service = startService("service", "state")) {
            awaitAnswer(service, "/health/ready");
            warmUp(service);
            small = point(service, 0, plan.smallPending());
            large = point(service, plan.smallPending(), plan.largePending());
            sample = sampleIds();
            int exit = service.stop();
            progress("%s stopped with SIGTERM, exit status %d%s%n", service.name(), exit,
                    exit == ServiceProcess.SIGTERM_EXIT ? "" : " (expected " + ServiceProcess.SIGTERM_EXIT + ")");
        }
        RestoreFigures restore = restore(sample);
        return new ScaleFigures(plan, small, large, restore, Duration.ofNanos(System.nanoTime() - startedAt));
    }

    /** Ingests requests {@code from} to {@code to}, then measures ticks and memory with {@code to} pending. */
    private ScalePoint point(ServiceProcess service, int from, int to) throws Exception {
        IngestFigures ingest = ingest(service, from, to);
        progress("%,d pending: ingest of %,d took %.1f s to accept, %.1f s to submit (%,.0f and %,.0f per second)%n",
                to, ingest.requests(), ingest.toAccept().toMillis() / 1e3, ingest.toSubmit().toMillis() / 1e3,
                ingest.acceptedPerSecond(), ingest.submittedPerSecond());

        progress("%,d pending: live trickle of %d/s, %d s warm-up, %d s measured%n", to, plan.trickleRate(),
                plan.warmUp().toSeconds(), plan.tickWindow().toSeconds());
        Trickle trickle = startTrickle("live-" + to + "-");
        MetricsScrape before;
        MetricsScrape after;
        try {
            // Measurement windows, not synchronisation: the trickle runs for as long as the plan says.
            Thread.sleep(plan.warmUp().toMillis());
            before = service.metrics();
            Thread.sleep(plan.tickWindow().toMillis());
            after = service.metrics();
        } finally {
            stop(trickle);
        }
        TickFigures ticks = TickFigures.between(before, after);
        awaitSubmissions(service);

        service.collectGarbage();
        MetricsScrape afterGc = service.metrics();
        ServiceProcess.Resident resident = service.resident();
        MemoryFigures memory = new MemoryFigures(Math.round(afterGc.sum(MEMORY_USED, HEAP)), resident.rssBytes(),
                resident.peakBytes());
        ScalePoint point = new ScalePoint(to, ingest, ticks, memory, afterGc.sum(JOBS_STORED));
        progress("%,d pending: %d ticks, %s entries and %s ms per tick on average, %d live requests ended; "
                        + "heap %,d MiB after GC, RSS %s, peak %s%n", to, ticks.ticks(),
                MarkdownTable.decimal(ticks.meanEntries(), 2), MarkdownTable.decimal(ticks.meanMillis(), 3),
                ticks.terminal(), memory.heapBytes() >> 20, mib(resident.rssBytes()), mib(resident.peakBytes()));
        return point;
    }

    /**
     * A fresh JVM on two cores takes tens of seconds to compile its hot paths: measured cold, the first
     * ingest would show the JIT, not the service. The trickle also teaches it the fast model.
     */
    private void warmUp(ServiceProcess service) throws InterruptedException {
        progress("warming the service up: live trickle of %d/s for %d s%n", plan.trickleRate(),
                plan.serviceWarmUp().toSeconds());
        Trickle trickle = startTrickle("warm-up-");
        try {
            Thread.sleep(plan.serviceWarmUp().toMillis());
        } finally {
            stop(trickle);
        }
        awaitSubmissions(service);
    }

    private Trickle startTrickle(String prefix) {
        return Trickle.start(requests, plan.trickleRate(), prefix, LIVE_MODEL, LIVE_TIMEOUT_SECONDS);
    }

    private void stop(Trickle trickle) throws InterruptedException {
        trickle.close();
        expectedSubmissions += trickle.produced();
    }

    private IngestFigures ingest(ServiceProcess service, int from, int to) {
        int count = to - from;
        long submittedBefore = simulator.counts().acceptedSubmits();
        double acceptedBefore = service.metrics().sum(ACCEPTED, RESULT_ACCEPTED);
        expectedSubmissions += count;
        long start = System.nanoTime();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(
                () -> requests.pending(from, to, PENDING_MODEL, PENDING_TIMEOUT_SECONDS));
        long acceptedAt = 0;
        long submittedAt = 0;
        long nextScrape = start;
        long nextProgress = start + PROGRESS_EVERY.toNanos();
        while (acceptedAt == 0 || submittedAt == 0) {
            long now = System.nanoTime();
            requireInTime(service, "ingest of " + count + " requests", start, now);
            if (producing.isCompletedExceptionally()) {
                producing.join();
            }
            long submitted = simulator.counts().acceptedSubmits() - submittedBefore;
            if (submittedAt == 0 && submitted >= count) {
                submittedAt = now;
            }
            if (acceptedAt == 0 && now >= nextScrape) {
                double accepted = service.metrics().sum(ACCEPTED, RESULT_ACCEPTED) - acceptedBefore;
                acceptedAt = accepted >= count ? now : 0;
                nextScrape = now + SCRAPE_EVERY.toNanos();
            }
            if (now >= nextProgress) {
                progress("ingest: %,d of %,d submitted after %d s%n", submitted, count,
                        Duration.ofNanos(now - start).toSeconds());
                nextProgress = now + PROGRESS_EVERY.toNanos();
            }
            pause();
        }
        producing.join();
        // A job is submitted only after it was accepted; the scrape is coarser than the simulator's count.
        acceptedAt = Math.min(acceptedAt, submittedAt);
        return new IngestFigures(count, Duration.ofNanos(acceptedAt - start), Duration.ofNanos(submittedAt - start));
    }

    /** Until every trickle job is submitted, so the next ingest's submissions are pending ones only. */
    private void awaitSubmissions(ServiceProcess service) {
        await(service, "submission of the trickle's last requests", System.nanoTime(),
                () -> simulator.counts().acceptedSubmits() >= expectedSubmissions);
    }

    /**
     * The stopped instance's member stays in the group until its session times out (Streams does not
     * leave on close); waiting that out first keeps it out of the restore time.
     */
    private RestoreFigures restore(List<String> sample) throws Exception {
        Changelogs changelogs = changelogs();
        long waitStart = System.nanoTime();
        while (!groupIsEmpty()) {
            if (System.nanoTime() - waitStart > plan.patience().toNanos()) {
                throw new IllegalStateException("scale: the stopped instance never left group " + APPLICATION_ID);
            }
            pause();
        }
        progress("restore: group empty after %.1f s; starting an instance on a fresh state dir to replay %,d "
                        + "changelog offsets (%,d MiB)%n", (System.nanoTime() - waitStart) / 1e9, changelogs.offsets(),
                changelogs.bytes() >> 20);
        try (ServiceProcess restored = startService("restored", "restored-state")) {
            Duration toLive = awaitAnswer(restored, "/health/live");
            Duration toReady = awaitAnswer(restored, "/health/ready");
            int found = (int) sample.stream().filter(id -> isRunningJob(restored, id)).count();
            ServiceProcess.Resident resident = restored.resident();
            progress("restore: ready after %.1f s (live after %.1f s); %d of %d sampled jobs found; peak RSS %s%n",
                    toReady.toMillis() / 1e3, toLive.toMillis() / 1e3, found, sample.size(), mib(resident.peakBytes()));
            restored.stop();
            return new RestoreFigures(toLive, toReady, sample.size(), found, changelogs.offsets(), changelogs.bytes(),
                    resident.peakBytes());
        }
    }

    private boolean isRunningJob(ServiceProcess service, String requestId) {
        return service.get("/jobs/" + requestId).filter(answer -> answer.status() == 200).map(answer -> {
            try {
                return JSON.readTree(answer.body()).path("phase").asText().equals("RUNNING");
            } catch (IOException e) {
                throw service.failure("/jobs/" + requestId + " answered no JSON: " + e.getMessage());
            }
        }).orElse(false);
    }

    /** Up to {@code restoreSample} pending ids spread evenly over all of them, the first and last included. */
    private List<String> sampleIds() {
        int size = Math.min(plan.restoreSample(), plan.largePending());
        return IntStream.range(0, size)
                .mapToObj(i -> size == 1 ? 0 : (int) ((long) i * (plan.largePending() - 1) / (size - 1)))
                .map(ScaleRequests::pendingId)
                .toList();
    }

    private record Changelogs(long offsets, long bytes) {}

    private Changelogs changelogs() throws Exception {
        List<String> topics = List.of(changelog(JobStore.STORE_NAME), changelog(DueIndex.STORE_NAME));
        Collection<TopicDescription> descriptions = answer(admin.describeTopics(topics).allTopicNames()).values();
        List<TopicPartition> partitions = descriptions.stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .toList();
        long offsets = 0;
        Map<TopicPartition, OffsetSpec> earliest = new LinkedHashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        partitions.forEach(partition -> {
            earliest.put(partition, OffsetSpec.earliest());
            latest.put(partition, OffsetSpec.latest());
        });
        Map<TopicPartition, ListOffsetsResultInfo> starts = answer(admin.listOffsets(earliest).all());
        Map<TopicPartition, ListOffsetsResultInfo> ends = answer(admin.listOffsets(latest).all());
        for (TopicPartition partition : partitions) {
            offsets += ends.get(partition).offset() - starts.get(partition).offset();
        }
        List<Integer> brokers = answer(admin.describeCluster().nodes()).stream().map(Node::id).toList();
        long bytes = 0;
        for (Map<String, LogDirDescription> dirs : answer(admin.describeLogDirs(brokers).allDescriptions()).values()) {
            for (LogDirDescription dir : dirs.values()) {
                for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                    if (topics.contains(replica.getKey().topic())) {
                        bytes += replica.getValue().size();
                    }
                }
            }
        }
        return new Changelogs(offsets, bytes);
    }

    private static String changelog(String store) {
        return APPLICATION_ID + "-" + store + "-changelog";
    }

    private boolean groupIsEmpty() throws Exception {
        return answer(admin.describeConsumerGroups(List.of(APPLICATION_ID)).describedGroups().get(APPLICATION_ID))
                .members().isEmpty();
    }

    private static <T> T answer(KafkaFuture<T> future) throws Exception {
        return future.get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private ServiceProcess startService(String name, String stateDir) throws IOException {
        TopologySettings.Topics topics = InferstreamEvents.topics(INPUT);
        Map<String, String> env = new LinkedHashMap<>();
        env.put(EnvNames.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        env.put(EnvNames.SCHEMA_REGISTRY_URL, registryUrl);
        env.put(EnvNames.ANNOLAB_API_URL, simulator.baseUrl());
        env.put(EnvNames.ANNOLAB_API_KEY, API_KEY);
        env.put(EnvNames.APPLICATION_ID, APPLICATION_ID);
        env.put(EnvNames.STATE_DIR, Files.createDirectories(scratch.resolve(stateDir)).toString());
        env.put(EnvNames.ADVERTISED_HOST, "127.0.0.1");
        env.put(EnvNames.REQUESTED_TOPIC, topics.requested());
        env.put(EnvNames.COMPLETED_TOPIC, topics.completed());
        env.put(EnvNames.FAILED_TOPIC, topics.failed());
        env.put(EnvNames.DLQ_TOPIC, topics.deadLetters());
        env.put(EnvNames.POLL_INITIAL_DELAY_MILLIS, Long.toString(FIRST_CHECK.toMillis()));
        // Unlimited: the ingest rate is the service's own, not the rate limit's.
        env.put(EnvNames.RATE_LIMIT_PER_SECOND, "0");
        // The broker's minimum: the stopped instance leaves the group sooner, so the restore starts sooner.
        env.put(EnvNames.KAFKA_PREFIX + "SESSION_TIMEOUT_MS", "6000");
        env.put(EnvNames.KAFKA_PREFIX + "HEARTBEAT_INTERVAL_MS", "1500");
        progress("starting %s (-Xmx%s)%n", name, plan.serviceHeap());
        return ServiceProcess.start(name, env, plan.serviceHeap(), scratch);
    }

    /** Polls {@code path} until it answers 200; returns the time since the service's JVM was started. */
    private Duration awaitAnswer(ServiceProcess service, String path) {
        long start = service.startedAtNanos();
        await(service, path + " answering 200", start, () -> service.answers200(path));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void await(ServiceProcess service, String what, long start, BooleanSupplier done) {
        while (!done.getAsBoolean()) {
            requireInTime(service, what, start, System.nanoTime());
            pause();
        }
    }

    private void requireInTime(ServiceProcess service, String what, long start, long now) {
        if (!service.isAlive()) {
            throw service.failure("exited while waiting for " + what);
        }
        if (now - start > plan.patience().toNanos()) {
            throw service.failure("no " + what + " within " + plan.patience());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scale bench interrupted", e);
        }
    }

    private void progress(String format, Object... args) {
        log.printf("[scale] " + format, args);
        log.flush();
    }

    private static String mib(OptionalLong bytes) {
        return bytes.isPresent() ? (bytes.getAsLong() >> 20) + " MiB" : "n/a";
    }
}
