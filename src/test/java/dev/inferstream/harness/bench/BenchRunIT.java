package dev.inferstream.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bench on a miniature plan: every system runs against the real broker and simulator, and
 * the report holds a row for each. Figures are not judged here; they depend on the machine.
 */
class BenchRunIT {

    private static final BenchPlan MINIATURE = new BenchPlan(true, 24, 8, Duration.ofSeconds(1), 12, Duration.ofSeconds(1),
            Duration.ofSeconds(3),
            5_000, 24, 50, 24, 100, Duration.ofMillis(10),
            List.of(new BenchPlan.Model(301, "model-1s", Duration.ofSeconds(1)),
                    new BenchPlan.Model(302, "model-2s", Duration.ofSeconds(2))),
            Duration.ofSeconds(60), new SustainedPlan(List.of(20, 40), Duration.ofSeconds(1), Duration.ofSeconds(2)), 1,
            Optional.empty());

    @Test
    void givenAMiniaturePlan_everySystemIsMeasuredInOneRun_andTheReportIsWritten(@TempDir Path out) throws Exception {
        StringWriter progress = new StringWriter();
        BenchRun.Results results = new BenchRun(MINIATURE, new PrintWriter(progress)).run();
        List<SystemFigures> figures = results.systems();
        assertThat(results.scale()).isEmpty();
        assertThat(results.sustained()).extracting(SustainedFigures::system)
                .containsExactly(Targets.INFERSTREAM, Targets.FIXED, Targets.PASS_THROUGH);
        assertThat(results.sustained()).allSatisfy(system -> assertThat(system.steps()).isNotEmpty()
                .allSatisfy(step -> assertThat(step.offeredPerSecond()).isPositive()));

        assertThat(figures).extracting(SystemFigures::system).containsExactly(Targets.INFERSTREAM,
                Targets.RATE_LIMITED, Targets.HIGH_QUOTA, Targets.FIXED, Targets.NAIVE, Targets.PASS_THROUGH);
        assertThat(figures).filteredOn(f -> !f.system().equals(Targets.NAIVE))
                .allSatisfy(f -> assertThat(f.ended()).isEqualTo(f.requests()));
        assertThat(figures.get(5).requests()).isEqualTo(24L * PassThroughSystem.PASS_THROUGH_BURST_FACTOR);
        assertThat(figures.get(0).checksPerJob()).isPresent();
        assertThat(figures.get(0).delayP99Millis()).isPresent();
        assertThat(figures.get(1).callLimit()).hasValue(50);
        assertThat(progress.toString()).contains("Inferstream: steady load, 12 requests", "Inferstream: measuring 24 requests",
                "Fixed 1 s poller: steady load, 12 requests").doesNotContain("rate-limited: steady load");

        BenchReport report = BenchReport.of(MINIATURE, Instant.now(), results);
        report.writeTo(out);
        assertThat(Files.readString(out.resolve(BenchReport.TABLE_FILE))).contains("Sustained (the headline)",
                "| Inferstream | 20 |", "| Pass-through ceiling | 20 |", "| Inferstream | 24 | 24 |",
                "| Pass-through ceiling | 120 | 120 |", "Inferstream, rate-limited: peak calls/s / limit 50");
        assertThat(Files.size(out.resolve(BenchReport.CHART_FILE))).isPositive();
    }
}
