package dev.inferstream.harness.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A finished run: its plan, its figures, the judged targets, and how to write them out. */
public record BenchReport(BenchPlan plan, Instant finishedAt, List<SustainedFigures> sustained,
                          List<SystemFigures> figures, List<Ratio> targets, Optional<ScaleFigures> scale,
                          Optional<BackfillIsolationCheck.Figures> backfill) {

    public static final String TABLE_FILE = "results.md";
    public static final String CHART_FILE = "throughput.png";

    public BenchReport {
        sustained = List.copyOf(sustained);
        figures = List.copyOf(figures);
        targets = List.copyOf(targets);
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(backfill, "backfill");
    }

    public static BenchReport of(BenchPlan plan, Instant finishedAt, BenchRun.Results results) {
        return new BenchReport(plan, finishedAt, results.sustained(), results.systems(),
                Targets.judge(results.sustained(), results.systems()), results.scale(), results.backfill());
    }

    public String markdown() {
        return String.format(Locale.ROOT, """
                Run %s (%s mode) on %d cores, %d MiB max heap, load average %s at the end: jobs of %s, simulator \
                answering after %d ms, rate limit %.0f calls/s, %d stream thread(s) for Inferstream and the fixed poller.
                %s
                Burst: %d requests per system at once (the quota phases: %d requests under %.0f calls/s, %d under \
                %.0f). \
                Checks/job and delays of Inferstream and the fixed poller come from a steady phase before the \
                sustained one (%d requests over %d s); every other figure from the burst.

                %s""",
                finishedAt.truncatedTo(ChronoUnit.SECONDS), plan.quick() ? "quick" : "full",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, LoadAverage.text(),
                plan.models().stream().map(model -> model.duration().toSeconds() + " s").toList(),
                plan.simLatency().toMillis(), plan.callsPerSecond(), plan.streamThreads(), sustainedSection(),
                plan.requests(), plan.limitedRequests(), plan.limitedCallsPerSecond(), plan.highQuotaRequests(),
                plan.highQuotaCallsPerSecond(),
                plan.steadyRequests(), plan.steadySpread().toSeconds(),
                MarkdownTable.render(figures, targets)) + scale.map(BenchReport::scaleSection).orElse("")
                + backfill.map(BenchReport::backfillSection).orElse("");
    }

    private String sustainedSection() {
        if (sustained.isEmpty()) {
            return "";
        }
        SustainedPlan steps = plan.sustained();
        return String.format(Locale.ROOT, """

                Sustained (the headline): a constant rate offered in rising steps of %s requests/s, each measured \
                over %d s after %d s at that rate; a step is sustained when terminal events keep pace with at \
                least %.0f %% of the offered rate, the backlog grows by less than %.0f s of offers, and the 99th \
                percentile request ends within its job's duration plus %d ms. Latency runs from offering a \
                request to its terminal event being readable (committed).

                %s
                """, steps.rates(), steps.window().toSeconds(), steps.settle().toSeconds(),
                StepFigures.KEPT_UP_SHARE * 100, StepFigures.BACKLOG_GROWTH_SECONDS, StepFigures.OVERHEAD_MILLIS,
                SustainedTable.render(sustained, steps));
    }

    private static String scaleSection(ScaleFigures scale) {
        return String.format(Locale.ROOT, """

                Scale: one service JVM (-Xmx%s) with %,d and then %,d pending jobs that never finish, %d live \
                requests/s flowing while ticks are measured; then restored from its changelogs on a fresh state \
                directory. Took %d s.

                %s""", scale.plan().serviceHeap(), scale.plan().smallPending(), scale.plan().largePending(),
                scale.plan().trickleRate(), scale.wallTime().toSeconds(), scale.markdown());
    }

    private static String backfillSection(BackfillIsolationCheck.Figures backfill) {
        return "\n\nBackfill isolation (docs/replay.md):\n\n```\n" + backfill.report() + "\n```\n";
    }

    /** Writes {@value #TABLE_FILE} and {@value #CHART_FILE} into {@code directory}. */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(TABLE_FILE), markdown());
        BenchChart.write(figures, directory.resolve(CHART_FILE));
    }
}
