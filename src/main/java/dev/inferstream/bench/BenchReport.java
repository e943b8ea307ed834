package dev.inferstream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/** A finished run: its plan, its figures, the judged targets, and how to write them out. */
public record BenchReport(BenchPlan plan, Instant finishedAt, List<SystemFigures> figures, List<Ratio> targets) {

    public static final String TABLE_FILE = "results.md";
    public static final String CHART_FILE = "throughput.png";

    public BenchReport {
        figures = List.copyOf(figures);
        targets = List.copyOf(targets);
    }

    public static BenchReport of(BenchPlan plan, Instant finishedAt, List<SystemFigures> figures) {
        return new BenchReport(plan, finishedAt, figures, Targets.judge(figures));
    }

    public String markdown() {
        return String.format(Locale.ROOT, """
                Run %s (%s mode) on %d cores, %d MiB max heap: %d requests per system in one burst, jobs of %s, \
                simulator answering after %d ms, rate limit %.0f calls/s (the rate-limited phase: %d requests \
                under %.0f calls/s).

                %s""",
                finishedAt.truncatedTo(ChronoUnit.SECONDS), plan.quick() ? "quick" : "full",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, plan.requests(),
                plan.models().stream().map(model -> model.duration().toSeconds() + " s").toList(),
                plan.simLatency().toMillis(), plan.callsPerSecond(), plan.limitedRequests(), plan.limitedCallsPerSecond(),
                MarkdownTable.render(figures, targets));
    }

    /** Writes {@value #TABLE_FILE} and {@value #CHART_FILE} into {@code directory}. */
    public void writeTo(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve(TABLE_FILE), markdown());
        BenchChart.write(figures, directory.resolve(CHART_FILE));
    }
}
