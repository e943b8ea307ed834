package dev.inferstream.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class SustainedMathTest {

    private static final SustainedPlan PLAN = new SustainedPlan(List.of(1_000, 2_000, 3_000), Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    private static StepFigures.Snapshot at(long seconds, long offered, long ended, long calls) {
        return new StepFigures.Snapshot(seconds * 1_000, offered, ended, OptionalLong.of(calls), seconds * 1_000_000_000L);
    }

    /**
     * {@code count} requests of 3 s jobs offered at 0, each POSTed 100 ms later and written 200 ms after its
     * job finished; request i became readable what {@code latency} says after it was offered, or never when -1.
     */
    private static StepFigures.Timelines timelines(int count, IntFunction<Long> latency) {
        return new StepFigures.Timelines() {
            @Override
            public int count() {
                return count;
            }

            @Override
            public Optional<StepFigures.Timeline> of(int i) {
                long millis = latency.apply(i);
                return millis < 0 ? Optional.empty() : Optional.of(new StepFigures.Timeline(0, OptionalLong.of(100),
                        OptionalLong.of(3_100), 3_300, millis, 3_000));
            }
        };
    }

    @Test
    void givenAStepThatKeptPace_itIsSustained_withItsRatesLatenciesAndCallsPerRequest() {
        StepFigures step = StepFigures.of(1_000, at(0, 10_000, 6_500, 50_000), at(30, 40_000, 36_400, 122_000),
                timelines(30_000, i -> i < 29_700 ? 3_300L : 3_900L));

        assertThat(step.offeredPerSecond()).isEqualTo(1_000);
        assertThat(step.terminalPerSecond()).isCloseTo(996.7, offset(0.1));
        assertThat(step.backlog()).isEqualTo(3_600);
        assertThat(step.backlogGrowth()).isEqualTo(100);
        assertThat(step.callsPerRequest().getAsDouble()).isCloseTo(2.41, offset(0.01));
        assertThat(step.latency().p50().getAsLong()).as("HdrHistogram, three digits").isBetween(3_300L, 3_303L);
        assertThat(step.overheadP99Millis()).hasValue(300);
        assertThat(step.toSubmit().p99()).hasValue(100);
        assertThat(step.detection().p99()).hasValue(200);
        assertThat(step.toReadable().p50()).hasValue(0);
        assertThat(step.cpuSecondsPer1000().getAsDouble()).isCloseTo(1.0, offset(0.01));
        assertThat(step.sustained()).isTrue();
    }

    @Test
    void givenTerminalEventsBelow98PercentOfTheOffers_theStepIsNotSustained() {
        StepFigures.Snapshot open = at(0, 10_000, 6_500, 0);
        StepFigures.Snapshot close = at(30, 40_000, 35_500, 0);

        assertThat(StepFigures.keptUp(open, close)).isFalse();
        assertThat(StepFigures.of(1_000, open, close, timelines(30_000, i -> 3_200L)).sustained()).isFalse();
    }

    @Test
    void givenAP99MoreThanOneSecondOverTheJob_theStepIsNotSustained() {
        StepFigures step = StepFigures.of(1_000, at(0, 10_000, 6_500, 0), at(30, 40_000, 36_500, 0),
                timelines(30_000, i -> i < 29_400 ? 3_200L : 4_200L));

        assertThat(step.overheadP99Millis()).hasValue(1_200);
        assertThat(step.sustained()).isFalse();
    }

    @Test
    void givenMoreThanOnePercentNeverEnded_theP99IsUnknown_andTheStepNotSustained() {
        StepFigures step = StepFigures.of(1_000, at(0, 10_000, 6_500, 0), at(30, 40_000, 36_500, 0),
                timelines(1_000, i -> i < 980 ? 3_200L : -1L));

        assertThat(step.latency().p50().getAsLong()).as("HdrHistogram, three digits").isBetween(3_200L, 3_203L);
        assertThat(step.latency().p99()).isEmpty();
        assertThat(step.sustained()).isFalse();
    }

    @Test
    void givenTheBenchOfferedLessThanPlanned_theStepSaysNothingAboutTheSystem() {
        StepFigures step = StepFigures.of(2_000, at(0, 0, 0, 0), at(30, 30_000, 30_000, 0), timelines(30_000, i -> 3_100L));

        assertThat(step.offeredAsPlanned()).isFalse();
        assertThat(step.sustained()).isFalse();
    }

    @Test
    void givenSteps_theHighestSustainedIsTheHighestRateThatPassed_andEveryStepPassedIsMarked() {
        assertThat(SustainedTable.highest(inferstreamSustaining(2_000, 2.4), PLAN)).isEqualTo("2,000");
        assertThat(SustainedTable.highest(inferstreamSustaining(3_000, 2.4), PLAN)).isEqualTo("≥ 3,000 (every step)");
        assertThat(SustainedTable.highest(new SustainedFigures(Targets.INFERSTREAM, List.of()), PLAN))
                .isEqualTo("none of the steps");
    }

    @Test
    void givenSteps_theTableHasARowPerStep_andTheHighestPerSystem() {
        String table = SustainedTable.render(List.of(inferstreamSustaining(2_000, 2.4)), PLAN);

        assertThat(table.lines()).contains(
                "| Inferstream | 1000 | 1000 | 1000 | 1.000 | 3000 | 0 | 3100 ms | 3100 ms | 100 ms | 2.40 | 1.00 | yes |",
                "| Inferstream | 3000 | 3000 | 2000 | 0.667 | 33000 | 24000 | 3100 ms | 3100 ms | 100 ms | 2.40 | 1.00 | **no** |",
                "| Inferstream | 2,000 |");
    }

    /** Steps of 1,000 requests/s up to 3,000, every one up to {@code highest} kept up with, the next not. */
    static SustainedFigures inferstreamSustaining(int highest, double callsPerRequest) {
        List<StepFigures> steps = PLAN.rates().stream().filter(rate -> rate <= highest + 1_000).map(rate -> {
            double terminal = rate <= highest ? rate : rate * 2 / 3.0;
            long backlog = rate <= highest ? 3 * rate : 11L * rate;
            StepFigures.Spread none = new StepFigures.Spread(OptionalLong.empty(), OptionalLong.empty());
            return new StepFigures(rate, rate, terminal, backlog, rate <= highest ? 0 : backlog - 3L * rate,
                    OptionalDouble.of(callsPerRequest), new StepFigures.Spread(OptionalLong.of(3_100), OptionalLong.of(3_100)),
                    OptionalLong.of(100), none, none, none, OptionalDouble.of(1.0));
        }).toList();
        return new SustainedFigures(Targets.INFERSTREAM, steps);
    }
}
