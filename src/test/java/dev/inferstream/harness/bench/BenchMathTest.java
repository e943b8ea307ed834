package dev.inferstream.harness.bench;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

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
        List<Ratio> targets = Targets.judge(List.of(inferstream(), rateLimited(), naive(), passThrough()));

        assertThat(targets).extracting(Ratio::label, Ratio::text, Ratio::met).containsExactly(
                tuple("Inferstream / naive, terminal events per second", "200", true),
                tuple("Inferstream submissions/s / pass-through records/s", "0.10", false),
                tuple("Inferstream status checks per job", "1.20", true),
                tuple("Inferstream p99 detection delay / job duration", "0.30", false),
                tuple("Inferstream, rate-limited: peak calls/s / limit 200", "1.06", false));
    }

    @Test
    void givenFigures_tableHasOneRowPerSystemAndSaysNaForMissingFigures() {
        List<SystemFigures> figures = List.of(inferstream(), passThrough());
        String table = MarkdownTable.render(figures, Targets.judge(figures));

        assertThat(table.lines()).contains(
                "| Inferstream | 1000 | 1000 | 150.0 | 40.00 | 1.20 | 120 ms | 900 ms | 0.30 | 104 | 5000 | 2.5 |",
                "| Pass-through ceiling | 1000 | 1000 | n/a | 1500.00 | n/a | n/a | n/a | n/a | n/a | n/a | 0.4 |",
                "| Inferstream p99 detection delay / job duration | 0.30 | < 0.20 | **no** |");
        assertThat(table.lines().filter(line -> line.startsWith("| ---"))).hasSize(2);
    }

    private static SystemFigures inferstream() {
        return new SystemFigures(Targets.INFERSTREAM, 1_000, 1_000, OptionalDouble.of(150), 40, OptionalDouble.of(1.2),
                OptionalLong.of(120), OptionalLong.of(900), OptionalDouble.of(0.3), OptionalLong.of(104),
                OptionalDouble.of(5_000), OptionalDouble.of(2.5));
    }

    private static SystemFigures rateLimited() {
        return new SystemFigures(Targets.RATE_LIMITED, 600, 600, OptionalDouble.of(150), 40, OptionalDouble.of(1.2),
                OptionalLong.of(120), OptionalLong.of(900), OptionalDouble.of(0.3), OptionalLong.of(212),
                OptionalDouble.of(200), OptionalDouble.of(2.5));
    }

    private static SystemFigures naive() {
        return new SystemFigures(Targets.NAIVE, 1_000, 3, OptionalDouble.of(0.2), 0.2, OptionalDouble.of(3.5),
                OptionalLong.of(500), OptionalLong.of(990), OptionalDouble.of(0.3), OptionalLong.of(2),
                OptionalDouble.empty(), OptionalDouble.of(900));
    }

    private static SystemFigures passThrough() {
        return new SystemFigures(Targets.PASS_THROUGH, 1_000, 1_000, OptionalDouble.empty(), 1_500,
                OptionalDouble.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty(),
                OptionalLong.empty(), OptionalDouble.empty(), OptionalDouble.of(0.4));
    }
}
