package dev.inferstream.bench;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.embedded.EmbeddedKafkaBroker;
import dev.inferstream.serde.MockSchemaRegistry;
import dev.inferstream.sim.AnnoLabSimulator;
import dev.inferstream.sim.DurationSpec;
import dev.inferstream.sim.SimConfig;
import dev.inferstream.sim.SimModel;
import dev.inferstream.sim.SimStats;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Runs every system one after another in this JVM, against one in-process broker and one simulator,
 * and returns their figures. Progress goes to {@code log}; figures are only returned.
 */
public final class BenchRun {

    static final String SCALE = "scale";
    private static final String API_KEY = "bench-api-key";
    private static final int PARTITIONS = 6;
    private static final String WARM_UP = "warm-";
    private static final String STEADY = "steady-";
    private static final String MEASURED = "run-";
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** Long enough to read a just-committed transaction's records on a loaded machine. */
    private static final Duration COMMITTED_READ = Duration.ofSeconds(3);

    private final BenchPlan plan;
    private final Set<String> only;
    private final PrintWriter log;
    private final CpuClock cpu = new CpuClock();
    private final long createdAt = System.nanoTime();

    /** Runs every system. */
    public BenchRun(BenchPlan plan, PrintWriter log) {
        this(plan, Set.of(), log);
    }

    /** Runs only the systems whose slugs are in {@code only}, or all when it is empty. */
    public BenchRun(BenchPlan plan, Set<String> only, PrintWriter log) {
        this.plan = plan;
        this.only = Set.copyOf(only);
        this.log = log;
    }

    /** What {@code only} may name: the systems in the order they run, then the scale measurement. */
    public static List<String> slugs() {
        return Stream.concat(systems().stream().map(system -> system.profile().slug()), Stream.of(SCALE)).toList();
    }

    /** The systems in the order they run. */
    static List<SystemUnderTest> systems() {
        return List.of(InferstreamSystem.asBuilt(), InferstreamSystem.rateLimited(), InferstreamSystem.highQuota(),
                new FixedIntervalSystem(),
                new NaiveBlockingSystem(), new PassThroughSystem());
    }

    /**
     * What one run measured: the systems' sustained phases and bursts side by side, and the scale figures
     * when the plan asks for them.
     */
    public record Results(List<SustainedFigures> sustained, List<SystemFigures> systems, Optional<ScaleFigures> scale) {
        public Results {
            sustained = List.copyOf(sustained);
            systems = List.copyOf(systems);
        }
    }

    public Results run() throws Exception {
        String scope = "bench-" + UUID.randomUUID();
        Path scratch = Files.createTempDirectory("inferstream-bench");
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start();
             AnnoLabSimulator simulator = AnnoLabSimulator.startBlocking(simConfig());
             VertxAnnoLabClient client = VertxAnnoLabClient.create(
                     AnnoLabClientConfig.of(URI.create(simulator.baseUrl()), ApiKey.of(API_KEY)))) {
            BenchEnvironment env = new BenchEnvironment(broker.bootstrapServers(),
                    Map.of("schema.registry.url", "mock://" + scope), simulator.baseUrl(), API_KEY, client, plan, scratch);
            List<SystemFigures> figures = new ArrayList<>();
            List<SustainedFigures> sustained = new ArrayList<>();
            Optional<ScaleFigures> scale = Optional.empty();
            try (Requests requests = new Requests(env.bootstrapServers(), env.serdeConfig(), plan.models())) {
                for (SystemUnderTest system : systems()) {
                    if (!only.isEmpty() && !only.contains(system.profile().slug())) {
                        continue;
                    }
                    figures.add(measure(system, env, broker, simulator, requests, sustained::add));
                }
            }
            if (plan.scale().isPresent() && (only.isEmpty() || only.contains(SCALE))) {
                progress("scale: %,d then %,d pending jobs on one service JVM%n", plan.scale().get().smallPending(),
                        plan.scale().get().largePending());
                scale = Optional.of(ScaleBench.run(plan.scale().get(), broker.bootstrapServers(), log));
            }
            return new Results(sustained, figures, scale);
        } finally {
            MockSchemaRegistry.dropScope(scope);
            Utils.delete(scratch.toFile());
        }
    }

    private SimConfig simConfig() {
        List<SimModel> models = plan.models().stream()
                .map(model -> new SimModel(model.id(), model.name(), DurationSpec.fixed(model.duration())))
                .toList();
        // No errored jobs and no faults: every system sees the same clean API and differs only in how it uses it.
        return SimConfig.defaults().toBuilder().port(0).apiKeys(API_KEY).erroredShare(0)
                .baseLatency(plan.simLatency()).models(models).build();
    }

    private SystemFigures measure(SystemUnderTest system, BenchEnvironment env, EmbeddedKafkaBroker broker,
                                  AnnoLabSimulator simulator, Requests requests,
                                  Consumer<SustainedFigures> sustained) throws Exception {
        String input = "bench-" + system.profile().slug() + "-requested";
        Map<String, Integer> topics = new HashMap<>();
        topics.put(input, PARTITIONS);
        system.outputs(input).forEach(topic -> topics.put(topic, PARTITIONS));
        topics.put(InferstreamEvents.topics(input).deadLetters(), 1);
        broker.createTopics(topics);

        progress("%s: starting (load average %s)%n", system.profile().name(), LoadAverage.text());
        KafkaStreams streams = system.start(env, input);
        try (TerminalWatch watch = new TerminalWatch(env.bootstrapServers(), system.outputs(input),
                record -> system.jobIdOf(env, record))) {
            awaitRunning(streams);
            SystemUnderTest.WarmUp warmUp = system.warmUp(plan);
            progress("%s: warming up with %d requests%n", system.profile().name(), warmUp.requests());
            requests.spread(input, WARM_UP, warmUp.requests(), warmUp.spread());
            require(watch.awaitEnded(starts(WARM_UP), warmUp.requests(), plan.patience()),
                    system.profile().name() + ": warm-up requests did not end");

            Optional<SystemFigures> steady = system.profile().steadyPolling()
                    ? Optional.of(steady(system, input, watch, simulator, requests)) : Optional.empty();
            if (system.profile().sustained()) {
                progress("%s: sustained load, rising steps of %s requests/s%n", system.profile().name(),
                        plan.sustained().rates());
                sustained.accept(new SustainedPhase(system, plan.sustained(), watch, simulator, requests, cpu,
                        line -> progress("%s%n", line)).run(input, plan.patience()));
            }

            simulator.reset();
            int burst = system.requests(plan);
            progress("%s: measuring %d requests%n", system.profile().name(), burst);
            long cpuBefore = cpu.processCpuNanos();
            long startedAt = System.currentTimeMillis();
            requests.burst(input, MEASURED, burst);
            Measured measured = system.profile().measure() == SystemUnderTest.Measure.TIME_BOXED
                    ? timeBoxed(streams, watch, startedAt, cpuBefore, simulator)
                    : untilDone(watch, MEASURED, burst, startedAt, cpuBefore, simulator);
            progress("%s: %d of %d ended in %.1f s%n", system.profile().name(), measured.ended().size(), burst,
                    measured.spanMillis() / 1000.0);
            SystemFigures figures = figures(system, burst, startedAt, measured);
            return steady.map(figures::withPollingFrom).orElse(figures);
        } finally {
            streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
        }
    }

    /**
     * Requests spread at a rate the system sustains: how well it polls is judged here, where a check is
     * late only if the system placed it late. In the burst, checks queue behind thousands of submissions
     * that are due earlier, which measures the backlog rather than the polling.
     */
    private SystemFigures steady(SystemUnderTest system, String input, TerminalWatch watch, AnnoLabSimulator simulator,
                                 Requests requests) throws InterruptedException {
        simulator.reset();
        progress("%s: steady load, %d requests over %d s%n", system.profile().name(), plan.steadyRequests(),
                plan.steadySpread().toSeconds());
        long cpuBefore = cpu.processCpuNanos();
        long startedAt = System.currentTimeMillis();
        requests.spread(input, STEADY, plan.steadyRequests(), plan.steadySpread());
        Measured measured = untilDone(watch, STEADY, plan.steadyRequests(), startedAt, cpuBefore, simulator);
        require(measured.ended().size() == plan.steadyRequests(), system.profile().name() + ": steady requests did not end");
        return figures(system, plan.steadyRequests(), startedAt, measured);
    }

    private SystemFigures figures(SystemUnderTest system, int requestCount, long startedAt, Measured measured) {
        return PhaseFigures.of(new PhaseFigures.Phase(system, requestCount, system.callLimit(plan), startedAt,
                measured.spanMillis(), measured.ended(), measured.stats().jobs(), measured.stats().callArrivals(),
                measured.cpuNanos()));
    }

    /** What a measured phase left behind, taken when the phase ended. */
    private record Measured(Collection<TerminalWatch.Ended> ended, long spanMillis, long cpuNanos, SimStats stats) {}

    /** Until every request ended, counted to the moment the last terminal event could be read. */
    private Measured untilDone(TerminalWatch watch, String prefix, int count, long startedAt, long cpuBefore,
                               AnnoLabSimulator simulator) {
        boolean allEnded = watch.awaitEnded(starts(prefix), count, plan.patience());
        long cpuNanos = cpu.processCpuNanos() - cpuBefore;
        Collection<TerminalWatch.Ended> ended = watch.ended(starts(prefix)).values();
        long endedAt = allEnded
                ? ended.stream().mapToLong(TerminalWatch.Ended::seenAt).max().orElseThrow()
                : System.currentTimeMillis();
        return new Measured(ended, Math.max(1, endedAt - startedAt), cpuNanos, simulator.stats());
    }

    /**
     * For the plan's naive window, then stop the system. Events are read after it closed, so any its last
     * commit held back are counted too, if they were written within the window.
     */
    private Measured timeBoxed(KafkaStreams streams, TerminalWatch watch, long startedAt, long cpuBefore,
                               AnnoLabSimulator simulator) throws InterruptedException {
        Thread.sleep(Math.max(0, plan.naiveWindow().toMillis() - (System.currentTimeMillis() - startedAt)));
        long stoppedAt = System.currentTimeMillis();
        long cpuNanos = cpu.processCpuNanos() - cpuBefore;
        SimStats stats = simulator.stats();
        streams.close(new KafkaStreams.CloseOptions().timeout(CLOSE_TIMEOUT));
        watch.drainFor(COMMITTED_READ);
        List<TerminalWatch.Ended> ended = watch.ended(starts(MEASURED)).values().stream()
                .filter(end -> end.writtenAt() <= stoppedAt)
                .toList();
        return new Measured(ended, stoppedAt - startedAt, cpuNanos, stats);
    }

    private void progress(String format, Object... args) {
        log.printf(Locale.ROOT, "[bench %5.1f s] " + format, Stream.concat(
                Stream.of((System.nanoTime() - createdAt) / 1e9), Stream.of(args)).toArray());
        log.flush();
    }

    private void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + plan.patience().toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            require(System.nanoTime() < deadline, "a system did not reach RUNNING");
            Thread.sleep(50);
        }
    }

    private static Predicate<String> starts(String prefix) {
        return id -> id.startsWith(prefix);
    }

    private static void require(boolean condition, String failure) {
        if (!condition) {
            throw new IllegalStateException("bench: " + failure);
        }
    }
}
