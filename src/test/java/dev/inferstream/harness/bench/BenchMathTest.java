package dev.inferstream.harness.bench;

import dev.inferstream.harness.sim.JobStats;
import dev.inferstream.harness.sim.JobStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Offset.offset;

class BenchMathTest {

    @Test
    void givenNoArrivals_peakIsZero() {
        assertThat(WindowPeak.perSecond(List.of())).isZero();
    }

    @Test
    void givenABunchAcrossASecondBoundary_peakCountsTheSlidingWindow() {
        // Two per whole second, but four within 100 ms around the boundary at 1,000.
        List<Long> arrivals = List.of(0L, 950L, 980L, 1_010L, 1_040L, 1_990L);

        assertThat(WindowPeak.perSecond(arrivals)).isEqualTo(4);
    }

    @Test
    void givenArrivalsExactlyOneSecondApart_theyFallInDifferentWindows() {
        assertThat(WindowPeak.perSecond(List.of(0L, 1_000L, 2_000L))).isEqualTo(1);
    }

    @Test
    void givenAZeroDenominator_ratioIsEmptyAndTheTargetUnmet() {
        assertThat(Ratio.of(5, 0)).isEmpty();
        Ratio ratio = Ratio.atLeast("x", 5, 0, 1, "≥ 1×");
        assertThat(ratio.met()).isFalse();
        assertThat(ratio.text()).isEqualTo("n/a");
    }

    @Test
    void givenRatios_textUsesWholeNumbersFromTenUp() {
        assertThat(Ratio.atLeast("x", 250, 2, 100, "≥ 100×").text()).isEqualTo("125");
        assertThat(Ratio.atLeast("x", 1, 4, 0.25, "≥ 0.25×")).satisfies(ratio -> {
            assertThat(ratio.text()).isEqualTo("0.25");
            assertThat(ratio.met()).isTrue();
        });
    }

    @Test
    void givenFigures_targetsCompareInferstreamWithTheBaselines() {
        List<Ratio> targets = Targets.judge(List.of(SustainedMathTest.inferstreamSustaining(3_000, 2.4)),
                List.of(inferstream(), rateLimited(), naive(), passThrough()));

        assertThat(targets).extracting(Ratio::label, Ratio::text, Ratio::met).containsExactly(
                tuple("Inferstream, highest rate sustained (requests/s)", "3000", true),
                tuple("Inferstream API calls per request, at that rate", "2.40", true),
                tuple("Inferstream / naive, terminal events per second", "200", true),
                tuple("Inferstream submissions/s / pass-through records/s", "0.10", false),
                tuple("Inferstream status checks per job", "1.20", true),
                tuple("Inferstream p99 detection delay / job duration", "0.30", false),
                tuple("Inferstream, rate-limited: peak calls/s / limit 200", "1.06", false),
                tuple("Inferstream, rate-limited: calls/s while backlogged / limit 200", "0.93", true));
    }

    @Test
    void givenFigures_tableHasOneRowPerSystemAndSaysNaForMissingFigures() {
        List<SystemFigures> figures = List.of(inferstream(), passThrough());
        String table = MarkdownTable.render(figures, Targets.judge(List.of(), figures));

        assertThat(table.lines()).contains(
                "| Inferstream | 1000 | 1000 | 150.0 | 40.00 | 1.20 | 120 ms | 900 ms | 0.30 | 104 | 95 | 5000 | 2.5 |",
                "| Pass-through ceiling | 1000 | 1000 | n/a | 1500.00 | n/a | n/a | n/a | n/a | n/a | n/a | n/a | 0.4 |",
                "| Inferstream p99 detection delay / job duration | 0.30 | ≤ 0.20 | **no** |");
        assertThat(table.lines().filter(line -> line.startsWith("| ---"))).hasSize(2);
    }

    private static SystemFigures inferstream() {
        return new SystemFigures(Targets.INFERSTREAM, 1_000, 1_000, OptionalDouble.of(150), 40, OptionalDouble.of(1.2),
                OptionalLong.of(120), OptionalLong.of(900), OptionalDouble.of(0.3), OptionalLong.of(104),
                OptionalDouble.of(95), OptionalDouble.of(5_000), OptionalDouble.of(2.5));
    }

    private static SystemFigures rateLimited() {
        return new SystemFigures(Targets.RATE_LIMITED, 600, 600, OptionalDouble.of(150), 40, OptionalDouble.of(1.2),
                OptionalLong.of(120), OptionalLong.of(900), OptionalDouble.of(0.3), OptionalLong.of(212),
                OptionalDouble.of(185), OptionalDouble.of(200), OptionalDouble.of(2.5));
    }

    private static SystemFigures naive() {
        return new SystemFigures(Targets.NAIVE, 1_000, 3, OptionalDouble.of(0.2), 0.2, OptionalDouble.of(3.5),
                OptionalLong.of(500), OptionalLong.of(990), OptionalDouble.of(0.3), OptionalLong.of(2),
                OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(900));
    }

    private static SystemFigures passThrough() {
        return new SystemFigures(Targets.PASS_THROUGH, 1_000, 1_000, OptionalDouble.empty(), 1_500,
                OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(),
                OptionalLong.empty(), OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.of(0.4));
    }

    @Test
    void givenAQuotaPhase_callsPerSecondWhileBackloggedCountFromTheFirstCallToTheLastSubmission() {
        // 2,000 calls in the 2 s from the first call to the last submission; later calls are status checks.
        List<Long> arrivals = new ArrayList<>();
        for (long at = 10_000; at < 12_000; at++) {
            arrivals.add(at);
            arrivals.add(at);
        }
        arrivals.add(13_000L);
        List<JobStats> jobs = List.of(job(1, 10_000), job(2, 11_999));
        PhaseFigures.Phase phase = new PhaseFigures.Phase(InferstreamSystem.rateLimited(), 2, OptionalDouble.of(2_000),
                9_000, 5_000, List.of(), jobs, arrivals, 0);

        assertThat(PhaseFigures.backloggedCallsPerSecond(phase).getAsDouble())
                .isCloseTo(4_000 * 1_000.0 / 1_999, offset(0.01));
    }

    private static JobStats job(long id, long submittedAt) {
        return new JobStats(id, 1, "m", Instant.ofEpochMilli(submittedAt),
                Optional.empty(), JobStatus.RUNNING, Optional.empty(), 0,
                Optional.empty());
    }
}
