package dev.inferstream.harness.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The targets, judged against one run's figures. A target whose system is missing from the run
 * is left out rather than reported as met.
 */
public final class Targets {

    static final String INFERSTREAM = "Inferstream";
    static final String RATE_LIMITED = "Inferstream, rate-limited";
    static final String HIGH_QUOTA = "Inferstream, high quota";
    static final String NAIVE = "Naive blocking";
    static final String PASS_THROUGH = "Pass-through ceiling";
    static final String FIXED = "Fixed 1 s poller";

    private Targets() {}

    /** Requests per second Inferstream must sustain on the bench machine. */
    static final int SUSTAINED_TARGET = 2_500;
    /** API calls per request at that rate: one POST and at most 1.5 status checks. */
    static final double CALLS_PER_REQUEST_TARGET = 2.5;

    public static List<Ratio> judge(List<SustainedFigures> sustained, List<SystemFigures> figures) {
        List<Ratio> ratios = new ArrayList<>();
        sustained.stream().filter(system -> system.system().equals(INFERSTREAM)).findFirst().ifPresent(ours -> {
            ratios.add(new Ratio("Inferstream, highest rate sustained (requests/s)",
                    ours.highestSustained().isPresent()
                            ? OptionalDouble.of(ours.highestSustained().getAsInt()) : OptionalDouble.empty(),
                    "≥ " + String.format(Locale.ROOT, "%,d", SUSTAINED_TARGET),
                    ours.highestSustained().orElse(0) >= SUSTAINED_TARGET));
            OptionalDouble calls = ours.atHighestSustained().map(StepFigures::callsPerRequest)
                    .orElse(OptionalDouble.empty());
            ratios.add(atMost("Inferstream API calls per request, at that rate", calls, CALLS_PER_REQUEST_TARGET,
                    "≤ 2.5"));
        });
        Optional<SystemFigures> inferstream = find(figures, INFERSTREAM);
        Optional<SystemFigures> naive = find(figures, NAIVE);
        Optional<SystemFigures> passThrough = find(figures, PASS_THROUGH);
        inferstream.ifPresent(ours -> {
            naive.ifPresent(them -> ratios.add(Ratio.atLeast("Inferstream / naive, terminal events per second",
                    ours.terminalPerSecond(), them.terminalPerSecond(), 100, "≥ 100×")));
            // Terminal events wait for the jobs themselves; how fast requests become jobs is what compares with a pass-through.
            passThrough.ifPresent(them -> ratios.add(Ratio.atLeast("Inferstream submissions/s / pass-through records/s",
                    ours.submitPerSecond().orElse(0), them.terminalPerSecond(), 0.25, "≥ 0.25×")));
            ratios.add(atMost("Inferstream status checks per job", ours.checksPerJob(), 1.5, "≤ 1.5"));
            ratios.add(atMost("Inferstream p99 detection delay / job duration", ours.delayP99Share(), 0.2, "≤ 0.20"));
        });
        // Only where the burst asked for far more than the limit does the ratio test the limiter.
        for (String quotaPhase : List.of(RATE_LIMITED, HIGH_QUOTA)) {
            find(figures, quotaPhase).filter(limited -> limited.peakCallsPerSecond().isPresent()
                    && limited.callLimit().isPresent()).ifPresent(limited -> {
                double limit = limited.callLimit().getAsDouble();
                ratios.add(atMost(limited.system() + ": peak calls/s / limit " + format(limit),
                        Ratio.of(limited.peakCallsPerSecond().getAsLong(), limit), 1.05, "≤ 1.05×"));
                ratios.add(atLeast(limited.system() + ": calls/s while backlogged / limit " + format(limit),
                        limited.backloggedCallsPerSecond().isPresent()
                                ? Ratio.of(limited.backloggedCallsPerSecond().getAsDouble(), limit) : OptionalDouble.empty(),
                        0.9, "≥ 0.90×"));
            });
        }
        return ratios;
    }

    private static Ratio atLeast(String label, OptionalDouble value, double minimum, String target) {
        return new Ratio(label, value, target, value.isPresent() && value.getAsDouble() >= minimum);
    }

    private static Ratio atMost(String label, OptionalDouble value, double maximum, String target) {
        return new Ratio(label, value, target, value.isPresent() && value.getAsDouble() <= maximum);
    }

    private static Optional<SystemFigures> find(List<SystemFigures> figures, String name) {
        return figures.stream().filter(system -> system.system().equals(name)).findFirst();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
