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
    static final String NAIVE = "Naive blocking";
    static final String PASS_THROUGH = "Pass-through ceiling";
    static final String FIXED = "Fixed 1 s poller";

    private Targets() {}

    public static List<Ratio> judge(List<SystemFigures> figures) {
        List<Ratio> ratios = new ArrayList<>();
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
            ratios.add(below("Inferstream p99 detection delay / job duration", ours.delayP99Share(), 0.2, "< 0.20"));
        });
        // Only where the burst asked for far more than the limit does the ratio test the limiter.
        find(figures, RATE_LIMITED).filter(limited -> limited.peakCallsPerSecond().isPresent()
                && limited.callLimit().isPresent()).ifPresent(limited -> {
            double limit = limited.callLimit().getAsDouble();
            ratios.add(atMost(limited.system() + ": peak calls/s / limit " + format(limit),
                    Ratio.of(limited.peakCallsPerSecond().getAsLong(), limit), 1.05, "≤ 1.05×"));
        });
        return ratios;
    }

    private static Ratio atMost(String label, OptionalDouble value, double maximum, String target) {
        return new Ratio(label, value, target, value.isPresent() && value.getAsDouble() <= maximum);
    }

    private static Ratio below(String label, OptionalDouble value, double bound, String target) {
        return new Ratio(label, value, target, value.isPresent() && value.getAsDouble() < bound);
    }

    private static Optional<SystemFigures> find(List<SystemFigures> figures, String name) {
        return figures.stream().filter(system -> system.system().equals(name)).findFirst();
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }
}
