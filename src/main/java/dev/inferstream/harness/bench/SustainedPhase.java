package dev.inferstream.harness.bench;

import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.JobStats;
import dev.inferstream.harness.sim.SimCounts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Offers one system a constant rate in rising steps ({@link SustainedPlan}) and measures each step's
 * window; stops rising at the first step whose window shows it falling behind, then waits until every
 * offered request ended (or the patience ran out) so each window's latencies are complete.
 */
final class SustainedPhase {

    static final String PREFIX = "sustained-";

    private final SystemUnderTest system;
    private final SustainedPlan plan;
    private final TerminalWatch watch;
    private final AnnoLabSimulator simulator;
    private final Requests requests;
    private final CpuClock cpu;
    private final Consumer<String> progress;

    SustainedPhase(SystemUnderTest system, SustainedPlan plan, TerminalWatch watch, AnnoLabSimulator simulator,
                   Requests requests, CpuClock cpu, Consumer<String> progress) {
        this.system = system;
        this.plan = plan;
        this.watch = watch;
        this.simulator = simulator;
        this.requests = requests;
        this.cpu = cpu;
        this.progress = progress;
    }

    private record Window(int rate, StepFigures.Snapshot open, StepFigures.Snapshot close) {}

    SustainedFigures run(String input, Duration patience) throws InterruptedException {
        List<Window> windows = new ArrayList<>();
        SteadyOffer offer = SteadyOffer.start(requests, input, PREFIX);
        try {
            for (int rate : plan.rates()) {
                offer.rate(rate);
                watch.drainFor(plan.settle());
                StepFigures.Snapshot open = snapshot(offer);
                watch.drainFor(plan.window());
                StepFigures.Snapshot close = snapshot(offer);
                windows.add(new Window(rate, open, close));
                boolean keptUp = StepFigures.keptUp(open, close);
                progress.accept(String.format(Locale.ROOT, "%s: %d requests/s offered, %d ended in the %d s "
                                + "window, backlog %d%s", system.profile().name(), rate, close.ended() - open.ended(),
                        plan.window().toSeconds(), close.backlog(), keptUp ? "" : "; falling behind, no higher step"));
                if (!keptUp) {
                    break;
                }
            }
        } finally {
            offer.close();
        }
        int offered = offer.offered();
        if (!watch.awaitEnded(id -> id.startsWith(PREFIX), offered, patience)) {
            progress.accept(system.profile().name() + ": not every sustained request ended within " + patience);
        }
        Map<String, TerminalWatch.Ended> ended = watch.ended(id -> id.startsWith(PREFIX));
        Map<Long, JobStats> jobs = system.profile().callsApi()
                ? simulator.stats().jobs().stream().collect(Collectors.toMap(JobStats::jobId, Function.identity()))
                : Map.of();
        List<StepFigures> steps = windows.stream()
                .map(window -> StepFigures.of(window.rate(), window.open(), window.close(),
                        timelines(offer, ended, jobs, window)))
                .toList();
        return new SustainedFigures(system.profile().name(), steps);
    }

    private StepFigures.Snapshot snapshot(SteadyOffer offer) {
        long at = System.currentTimeMillis();
        int offered = offer.offered();
        long ended = watch.countEnded(id -> id.startsWith(PREFIX));
        OptionalLong calls = OptionalLong.empty();
        if (system.profile().callsApi()) {
            SimCounts counts = simulator.counts();
            calls = OptionalLong.of(counts.submits() + counts.statusChecks());
        }
        return new StepFigures.Snapshot(at, offered, ended, calls, cpu.processCpuNanos());
    }

    /** Requests offered while the window was open: from the count at its opening to the count at its close. */
    private StepFigures.Timelines timelines(SteadyOffer offer, Map<String, TerminalWatch.Ended> ended,
                                            Map<Long, JobStats> jobs, Window window) {
        int first = (int) window.open().offered();
        int count = (int) (window.close().offered() - first);
        boolean callsApi = system.profile().callsApi();
        return new StepFigures.Timelines() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public Optional<StepFigures.Timeline> of(int i) {
                int index = first + i;
                TerminalWatch.Ended end = ended.get(PREFIX + index);
                if (end == null) {
                    return Optional.empty();
                }
                Optional<JobStats> job = end.jobId().isPresent()
                        ? Optional.ofNullable(jobs.get(end.jobId().getAsLong())) : Optional.empty();
                return Optional.of(new StepFigures.Timeline(offer.offeredAt(index),
                        job.map(found -> OptionalLong.of(found.submittedAt().toEpochMilli())).orElse(OptionalLong.empty()),
                        job.flatMap(JobStats::finishedAt).map(at -> OptionalLong.of(at.toEpochMilli()))
                                .orElse(OptionalLong.empty()),
                        end.writtenAt(), end.seenAt(),
                        callsApi ? requests.modelOf(index).duration().toMillis() : 0));
            }
        };
    }
}
