package dev.inferstream.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The whole scale measurement, small: a service JVM of its own (started from this JVM's class path)
 * against an in-process broker, with 1,000 and then 5,000 pending jobs, and a restore that must bring
 * every one of them back. Checks that the figures are there and sane, never how fast anything was.
 */
class ScaleBenchIT {

    private static final int SMALL = 1_000;
    private static final int LARGE = 5_000;

    @Test
    void givenOneThenFiveThousandPendingJobs_everyFigureIsMeasuredAndTheRestoreBringsEveryJobBack() throws Exception {
        // Short windows keep the test near a minute; every pending id is looked up after the restore.
        ScalePlan plan = new ScalePlan(SMALL, LARGE, 50, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofSeconds(5), Duration.ofSeconds(5), ScalePlan.SERVICE_HEAP, LARGE, Duration.ofMinutes(3));
        StringWriter log = new StringWriter();
        ScaleFigures figures;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker().start()) {
            figures = ScaleBench.run(plan, broker.bootstrapServers(), new PrintWriter(log, true));
        }
        System.out.print(log);
        System.out.print(figures.markdown());

        assertThat(figures.small().pending()).isEqualTo(SMALL);
        assertThat(figures.large().pending()).isEqualTo(LARGE);
        assertThat(figures.small().ingest().requests()).isEqualTo(SMALL);
        assertThat(figures.large().ingest().requests()).isEqualTo(LARGE - SMALL);
        for (ScalePoint point : new ScalePoint[] {figures.small(), figures.large()}) {
            // run() returns only once the service counted every request accepted and the simulator held a job for each.
            assertThat(point.ingest().toAccept()).isPositive().isLessThanOrEqualTo(point.ingest().toSubmit());
            TickFigures ticks = point.ticks();
            assertThat(ticks.ticks()).as("ticks in the window").isPositive();
            assertThat(ticks.meanMillis()).isPresent();
            assertThat(ticks.p99Millis()).isPresent();
            assertThat(ticks.meanEntries().orElse(0)).as("mean entries read per tick").isPositive();
            assertThat(ticks.p99Entries()).isPresent();
            assertThat(ticks.terminal()).as("live requests that ended in the window").isPositive();
            assertThat(point.memory().heapBytes()).isPositive().isLessThan(512L << 20);
            assertThat(point.memory().rssBytes().orElse(0)).as("RSS").isGreaterThan(point.memory().heapBytes());
            assertThat(point.memory().peakRssBytes().orElse(0)).as("peak RSS")
                    .isGreaterThanOrEqualTo(point.memory().rssBytes().orElse(0));
        }
        RestoreFigures restore = figures.restore();
        assertThat(restore.sampled()).isEqualTo(LARGE);
        assertThat(restore.found()).as("pending jobs the restored instance holds as RUNNING").isEqualTo(LARGE);
        assertThat(restore.toReady()).isGreaterThanOrEqualTo(restore.toLive());
        // Accepted, marked SUBMITTING and RUNNING: at least three writes of each job to its changelog.
        assertThat(restore.changelogOffsets()).isGreaterThanOrEqualTo(3L * LARGE);
        assertThat(restore.changelogBytes()).isPositive();
        assertThat(restore.peakRssBytes().orElse(0)).as("peak RSS of the restored instance").isPositive();
        assertThat(figures.markdown()).contains("| at 1,000 pending | at 5,000 pending |", "jobs found after restore");
        assertThat(log.toString()).doesNotContain("scale-bench-key");
    }
}
