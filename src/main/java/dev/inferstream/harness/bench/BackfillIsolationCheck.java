package dev.inferstream.harness.bench;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.harness.Stack;
import dev.inferstream.replay.ProgressView;
import dev.inferstream.replay.ReplayFilter;
import dev.inferstream.replay.ReplayIds;
import dev.inferstream.replay.ReplayOverrides;
import dev.inferstream.replay.ReplayPlan;
import dev.inferstream.replay.ReplayResult;
import dev.inferstream.replay.ReplaySource;
import dev.inferstream.replay.Replayer;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.service.InferstreamService;
import dev.inferstream.serde.SpecificAvroSerializer;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.JobStats;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Measures what a running backfill costs live traffic: the time from producing a LIVE request to the
 * simulator receiving its job, first on an idle system, then while a replay of {@code backfill} requests
 * is being worked through one real {@link InferstreamService}. A measurement, not a test: it prints the
 * figures and returns them; {@code BackfillIsolationIT} checks only that every request completed.
 *
 * <p>Run: {@code bin/inferstream bench --only backfill}.
 */
public final class BackfillIsolationCheck {

    private static final String MODEL = "quick-model";
    private static final String ARCHIVE = "isolation-archive";
    private static final String WARM_UP_PREFIX = "warm-up-";
    private static final String LIVE_PREFIX_IDLE = "live-idle-";
    private static final String LIVE_PREFIX_BUSY = "live-busy-";
    private static final String REPLAY_NAME = "isolation";

    /**
     * @param backfill       requests in the replayed backfill
     * @param live           LIVE requests per phase, produced {@code liveSpacing} apart
     * @param simLatency     the simulator's delay before every answer
     * @param jobDuration    how long each simulated job runs
     * @param callsPerSecond the service's API rate limit
     * @param patience       the longest any phase may take before the check gives up
     */
    public record Settings(int backfill, int live, Duration liveSpacing, Duration simLatency, Duration jobDuration,
                           double callsPerSecond, Duration patience) {
        public static Settings defaults() {
            return new Settings(5_000, 40, Duration.ofMillis(200), Duration.ofMillis(50), Duration.ofMillis(200), 500,
                    Duration.ofMinutes(10));
        }
    }

    /**
     * @param backfillEndedDuringLive backfill requests that had ended when the last busy-phase live request
     *                                ended: below {@code backfill}, the two phases really overlapped
     * @param terminalEvents          all terminal events read; equal to the distinct ids when exactly-once held
     */
    public record Figures(Settings settings, LatencySummary idle, LatencySummary underBackfill, long liveCompleted,
                          long backfillCompleted, long backfillEndedDuringLive, long terminalEvents,
                          long distinctEnded, Duration backfillTook) {

        public double medianRatio() {
            return idle.p50() == 0 ? 0 : (double) underBackfill.p50() / idle.p50();
        }

        public double p95Ratio() {
            return idle.p95() == 0 ? 0 : (double) underBackfill.p95() / idle.p95();
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    backfill isolation: %d backfill requests, %d live per phase every %d ms; simulator latency %d ms, \
                    jobs %d ms, rate limit %.0f calls/s
                      live produce->submit, idle:          %s
                      live produce->submit, under backfill: %s
                      ratio under backfill / idle: p50 %.2fx, p95 %.2fx
                      backfill ended while live ran: %d of %d; backfill took %.1f s
                      completed: live %d of %d, backfill %d of %d; terminal events %d for %d requests""",
                    settings.backfill(), settings.live(), settings.liveSpacing().toMillis(),
                    settings.simLatency().toMillis(), settings.jobDuration().toMillis(), settings.callsPerSecond(),
                    idle.line(), underBackfill.line(), medianRatio(), p95Ratio(), backfillEndedDuringLive,
                    settings.backfill(), backfillTook.toMillis() / 1000.0, liveCompleted, 2L * settings.live(),
                    backfillCompleted, settings.backfill(), terminalEvents, distinctEnded);
        }
    }

    private final Settings settings;
    private final TopologySettings.Topics topics = TopologySettings.Topics.defaults();

    private BackfillIsolationCheck(Settings settings) {
        this.settings = settings;
    }

    public static Figures run(Settings settings) throws Exception {
        return new BackfillIsolationCheck(settings).measure();
    }

    private Figures measure() throws Exception {
        try (Stack stack = Stack.builder(simConfig()).topics(topics, 3).extraTopic(ARCHIVE, 3).start();
             VertxAnnoLabClient client = VertxAnnoLabClient.create(stack.clientConfig())) {
            Map<String, String> serde = stack.serdeConfig();
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            try (KafkaProducer<String, InferenceRequested> producer = producer(stack.bootstrapServers(), serde);
                 InferstreamService service = startService(stack.bootstrapServers(), serde, client, meters);
                 TerminalTally tally = new TerminalTally(stack.bootstrapServers(), serde, topics.completed(),
                         topics.failed())) {
                seedArchive(producer);

                // The first requests pay for class loading, JIT and connection set-up; they are not what is measured.
                produceLive(producer, WARM_UP_PREFIX);
                require(tally.awaitUntil(t -> t.countEnded(id -> id.startsWith(WARM_UP_PREFIX)) == settings.live(),
                        settings.patience()), "warm-up requests did not end");
                Map<String, Long> idleProduced = produceLive(producer, LIVE_PREFIX_IDLE);
                require(tally.awaitUntil(t -> t.countEnded(id -> id.startsWith(LIVE_PREFIX_IDLE)) == settings.live(),
                        settings.patience()), "idle live requests did not end");

                double acceptedBefore = accepted(meters);
                long backfillStart = System.nanoTime();
                ReplayResult replay = new Replayer(replayPlan(stack.bootstrapServers(), serde),
                        ProgressView.forOutput(false, System.out::print, System::currentTimeMillis), () -> false,
                        System::currentTimeMillis).run();
                require(replay.summary().published() == settings.backfill(), "replay published "
                        + replay.summary().published() + " of " + settings.backfill());
                // Measure while the backfill jobs are being worked, not while their records queue in the topic.
                require(awaitAccepted(meters, acceptedBefore), "the service did not accept the backfill");

                Map<String, Long> busyProduced = produceLive(producer, LIVE_PREFIX_BUSY);
                require(tally.awaitUntil(t -> t.countEnded(id -> id.startsWith(LIVE_PREFIX_BUSY)) == settings.live(),
                        settings.patience()), "live requests under backfill did not end");
                long backfillEndedDuringLive = tally.countEnded(this::isBackfill);

                require(tally.awaitUntil(t -> t.countEnded(this::isBackfill) == settings.backfill(),
                        settings.patience()), "the backfill did not end");
                Duration backfillTook = Duration.ofNanos(System.nanoTime() - backfillStart);
                require(service.state() == KafkaStreams.State.RUNNING, "the service stopped running");

                Map<Long, JobStats> jobs = stack.simulator().stats().jobs().stream()
                        .collect(Collectors.toMap(JobStats::jobId, Function.identity()));
                long distinct = tally.countEnded(id -> true);
                return new Figures(settings, latencies(idleProduced, tally, jobs), latencies(busyProduced, tally, jobs),
                        tally.countCompleted(id -> id.startsWith(LIVE_PREFIX_IDLE) || id.startsWith(LIVE_PREFIX_BUSY)), tally.countCompleted(this::isBackfill),
                        backfillEndedDuringLive, tally.events(), distinct, backfillTook);
            }
        }
    }

    private SimConfig simConfig() {
        return SimConfig.defaults().toBuilder().erroredShare(0)
                .baseLatency(settings.simLatency())
                .models(List.of(new SimModel(100, MODEL, DurationSpec.fixed(settings.jobDuration()))))
                .build();
    }

    private InferstreamService startService(String bootstrap, Map<String, String> serde, VertxAnnoLabClient client,
                                            SimpleMeterRegistry meters) throws Exception {
        TopologySettings defaults = TopologySettings.defaults();
        TopologySettings topology = defaults
                .toBuilder().polling(new TopologySettings.Polling(settings.jobDuration(), Duration.ofMillis(100),
                        Duration.ofSeconds(2), 0.1, 0.1))
                .limits(BenchLimits.withRate(defaults.limits(), settings.callsPerSecond()).withCallTimeout(Duration.ofSeconds(10)))
                .build();
        InferstreamService service = InferstreamService.start(new InferstreamService.Settings("isolation-check",
                bootstrap, serde, Files.createTempDirectory("isolation-check"), topology, Map.of(),
                Duration.ofSeconds(30)), client, meters);
        long deadline = System.nanoTime() + settings.patience().toNanos();
        while (service.state() != KafkaStreams.State.RUNNING) {
            require(System.nanoTime() < deadline, "the service did not start");
            Thread.sleep(50);
        }
        return service;
    }

    private void seedArchive(KafkaProducer<String, InferenceRequested> producer) {
        long anHourAgo = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        for (int i = 0; i < settings.backfill(); i++) {
            InferenceRequested request = request("archived-" + i);
            producer.send(new ProducerRecord<>(ARCHIVE, null, anHourAgo, request.getRequestId(), request));
        }
        producer.flush();
    }

    /** Produces the live requests {@code liveSpacing} apart: live traffic arrives over time, not in a burst. */
    private Map<String, Long> produceLive(KafkaProducer<String, InferenceRequested> producer, String prefix)
            throws Exception {
        Map<String, Long> producedAt = new LinkedHashMap<>();
        for (int i = 0; i < settings.live(); i++) {
            InferenceRequested request = request(prefix + i);
            producedAt.put(request.getRequestId(), System.currentTimeMillis());
            producer.send(new ProducerRecord<>(topics.requested(), request.getRequestId(), request));
            producer.flush();
            Thread.sleep(settings.liveSpacing().toMillis());
        }
        return producedAt;
    }

    private ReplayPlan replayPlan(String bootstrap, Map<String, String> serde) {
        Instant now = Instant.now();
        return new ReplayPlan(bootstrap, Map.of(), serde, ReplaySource.REQUESTED, ARCHIVE, topics.requested(),
                now.minus(Duration.ofDays(1)), now, ReplayFilter.any(), ReplayOverrides.none(),
                new ReplayIds(REPLAY_NAME), false, OptionalDouble.empty(), false);
    }

    private boolean awaitAccepted(SimpleMeterRegistry meters, double before) throws InterruptedException {
        long deadline = System.nanoTime() + settings.patience().toNanos();
        while (accepted(meters) < before + settings.backfill()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    private static double accepted(SimpleMeterRegistry meters) {
        return meters.counter("inferstream.requests", "result", "accepted").count();
    }

    private static LatencySummary latencies(Map<String, Long> producedAt, TerminalTally tally, Map<Long, JobStats> jobs) {
        List<Long> millis = new ArrayList<>();
        producedAt.forEach((id, produced) -> Optional.ofNullable(tally.completed().get(id))
                .map(done -> jobs.get(done.getInferenceJobId()))
                .ifPresent(job -> millis.add(job.submittedAt().toEpochMilli() - produced)));
        return LatencySummary.of(millis);
    }

    private boolean isBackfill(String requestId) {
        return requestId.startsWith(REPLAY_NAME + ":");
    }

    private static InferenceRequested request(String id) {
        return InferenceRequested.newBuilder().setRequestId(id).setGroupName("acme")
                .setProjectIdentifier("demo-project").setModelIdentifier(MODEL).setSourceIds(List.of(1L))
                .setOutputLayerIdentifier("predictions").build();
    }

    private static KafkaProducer<String, InferenceRequested> producer(String bootstrap, Map<String, String> serde) {
        SpecificAvroSerializer<InferenceRequested> values = new SpecificAvroSerializer<>();
        values.configure(serde, false);
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), values);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("backfill isolation check: " + failure);
        }
    }
}
