package dev.inferstream.harness.bench;

import dev.inferstream.harness.sim.JobStats;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Turns one measured phase (what ended, what the simulator saw, CPU used) into a system's figures. */
final class PhaseFigures {

    /** Per-mille resolution for delay / duration shares. */
    private static final double PER_MILLE = 1_000.0;

    /**
     * @param startedAt   epoch millis just before the burst was produced
     * @param spanMillis  how long the phase counts as having taken: until the last terminal event could be
     *                    read (its transaction committed) when all requests ended, else the time it was given
     * @param jobs        the simulator's jobs of this phase (it was reset just before)
     * @param arrivals    the simulator's call arrival times of this phase, ascending
     */
    record Phase(SystemUnderTest system, long requests, OptionalDouble callLimit, long startedAt, long spanMillis,
                 Collection<TerminalWatch.Ended> ended, List<JobStats> jobs, List<Long> arrivals, long cpuNanos) {}

    private PhaseFigures() {}

    static SystemFigures of(Phase phase) {
        double spanSeconds = phase.spanMillis() / 1_000.0;
        long ended = phase.ended().size();
        OptionalDouble cpuPer1000 = Ratio.of(phase.cpuNanos() / 1e9 * 1_000, ended);
        if (!phase.system().profile().callsApi()) {
            return new SystemFigures(phase.system().profile().name(), phase.requests(), ended, OptionalDouble.empty(),
                    ended / spanSeconds, OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(),
                    OptionalDouble.empty(), OptionalLong.empty(), OptionalDouble.empty(), phase.callLimit(), cpuPer1000);
        }
        Map<Long, JobStats> byId = phase.jobs().stream().collect(Collectors.toMap(JobStats::jobId, Function.identity()));
        Histogram delays = new Histogram(3);
        Histogram shares = new Histogram(3);
        for (TerminalWatch.Ended end : phase.ended()) {
            end.jobId().stream().mapToObj(byId::get).filter(job -> job != null && job.finishedAt().isPresent())
                    .forEach(job -> {
                        long finishedAt = job.finishedAt().orElseThrow().toEpochMilli();
                        // A job is never seen finished before it finishes; the clamp guards clock granularity only.
                        long delay = Math.max(0, end.writtenAt() - finishedAt);
                        long duration = Math.max(1, finishedAt - job.submittedAt().toEpochMilli());
                        delays.recordValue(delay);
                        shares.recordValue(Math.round(delay * PER_MILLE / duration));
                    });
        }
        long checks = phase.jobs().stream().mapToLong(JobStats::statusChecks).sum();
        boolean anyDelay = delays.getTotalCount() > 0;
        return new SystemFigures(phase.system().profile().name(), phase.requests(), ended,
                OptionalDouble.of(phase.jobs().size() / submitSpanSeconds(phase, spanSeconds)),
                ended / spanSeconds, Ratio.of(checks, phase.jobs().size()),
                anyDelay ? OptionalLong.of(delays.getValueAtPercentile(50)) : OptionalLong.empty(),
                anyDelay ? OptionalLong.of(delays.getValueAtPercentile(99)) : OptionalLong.empty(),
                anyDelay ? OptionalDouble.of(shares.getValueAtPercentile(99) / PER_MILLE) : OptionalDouble.empty(),
                OptionalLong.of(WindowPeak.perSecond(phase.arrivals())), backloggedCallsPerSecond(phase), phase.callLimit(),
                cpuPer1000);
    }

    /**
     * Calls per second from the first arrival to the last submission: until then requests were waiting
     * for their POST, so a system with a quota had the work to use all of it. Empty for a phase that
     * submitted everything within a second, too short to say.
     */
    static OptionalDouble backloggedCallsPerSecond(Phase phase) {
        if (phase.arrivals().isEmpty() || phase.jobs().isEmpty()) {
            return OptionalDouble.empty();
        }
        long first = phase.arrivals().get(0);
        long lastSubmit = phase.jobs().stream().mapToLong(job -> job.submittedAt().toEpochMilli()).max().orElseThrow();
        if (lastSubmit - first < 1_000) {
            return OptionalDouble.empty();
        }
        long calls = phase.arrivals().stream().filter(at -> at >= first && at <= lastSubmit).count();
        return OptionalDouble.of(calls * 1_000.0 / (lastSubmit - first));
    }

    /** Submissions finish before terminal events; when all were submitted, count to the last one. */
    private static double submitSpanSeconds(Phase phase, double spanSeconds) {
        if (phase.jobs().size() < phase.requests()) {
            return spanSeconds;
        }
        long lastSubmit = phase.jobs().stream().mapToLong(job -> job.submittedAt().toEpochMilli()).max().orElseThrow();
        return Math.max(1, lastSubmit - phase.startedAt()) / 1_000.0;
    }
}
