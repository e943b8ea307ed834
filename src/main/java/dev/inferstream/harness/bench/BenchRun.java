package dev.inferstream.harness.bench;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.harness.sim.SimStats;
import java.io.PrintWriter;
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
    static final String BACKFILL = "backfill";
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

    /** What {@code only} may name: the systems in the order they run, then the scale and backfill measurements. */
    public static List<String> slugs() {
        return Stream.concat(systems().stream().map(system -> system.profile().slug()), Stream.of(SCALE, BACKFILL))
                .toList();
    }

    /** The systems in the order they run. */
    static List<SystemUnderTest> systems() {
        return List.of(InferstreamSystem.asBuilt(), InferstreamSystem.rateLimited(), InferstreamSystem.highQuota(),
                new FixedIntervalSystem(),
                new NaiveBlockingSystem(), new PassThroughSystem());
    }

    /**
     * What one run measured: the systems' sustained phases and bursts side by side, the scale figures when
     * the plan asks for them, and the backfill isolation figures in a full run or when named.
     */
    public record Results(List<SustainedFigures> sustained, List<SystemFigures> systems, Optional<ScaleFigures> scale,
                          Optional<BackfillIsolationCheck.Figures> backfill) {
        public Results {
            sustained = List.copyOf(sustained);
            systems = List.copyOf(systems);
        }
    }

    public Results run() throws Exception {
        Results onSharedStack = runOnSharedStack();
        return new Results(onSharedStack.sustained(), onSharedStack.systems(), onSharedStack.scale(),
                backfillIsolation());
    }

    private Results runOnSharedStack() throws Exception {
        Path scratch = Files.createTempDirectory("inferstream-bench");
        try (Stack stack = Stack.builder(simConfig()).apiKey(API_KEY).noTopics().start();
             VertxAnnoLabClient client = VertxAnnoLabClient.create(stack.clientConfig())) {
            BenchEnvironment env = new BenchEnvironment(stack.bootstrapServers(), stack.serdeConfig(),
                    stack.simulator().baseUrl(), API_KEY, client, plan, scratch);
            List<SystemFigures> figures = new ArrayList<>();
            List<SustainedFigures> sustained = new ArrayList<>();
            Optional<ScaleFigures> scale = Optional.empty();
            try (Requests requests = new Requests(env.bootstrapServers(), env.serdeConfig(), plan.models())) {
                for (SystemUnderTest system : systems()) {
                    if (!only.isEmpty() && !only.contains(system.profile().slug())) {
                        continue;
                    }
                    figures.add(measure(system, env, stack.broker(), stack.simulator(), requests, sustained::add));
                }
            }
            if (plan.scale().isPresent() && (only.isEmpty() || only.contains(SCALE))) {
                progress("scale: %,d then %,d pending jobs on one service JVM%n", plan.scale().get().smallPending(),
                        plan.scale().get().largePending());
                scale = Optional.of(ScaleBench.run(plan.scale().get(), stack.bootstrapServers(), log));
            }
            return new Results(sustained, figures, scale, Optional.empty());
        } finally {
            Utils.delete(scratch.toFile());
        }
    }

    /** On its own stack: it measures one service's live latency with and without a replay running. */
    private Optional<BackfillIsolationCheck.Figures> backfillIsolation() throws Exception {
        boolean wanted = only.isEmpty() ? !plan.quick() : only.contains(BACKFILL);
        if (!wanted) {
            return Optional.empty();
        }
        progress("backfill: live latency alone and under a replayed backfill%n");
        return Optional.of(BackfillIsolationCheck.run(BackfillIsolationCheck.Settings.defaults()));
    }

    private SimConfig simConfig() {
        List<SimModel> models = plan.models().stream()
                .map(model -> new SimModel(model.id(), model.name(), DurationSpec.fixed(model.duration())))
                .toList();
        // No errored jobs and no faults: every system sees the same clean API and differs only in how it uses it.
        return SimConfig.defaults().toBuilder().erroredShare(0)
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
