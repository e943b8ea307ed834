package dev.inferstream.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The scale bench's arithmetic: reading Prometheus text, tick figures between two scrapes, targets. */
class ScaleMathTest {

    private static final String BEFORE = """
            # HELP inferstream_requests_total inference-requested records by what became of them
            # TYPE inferstream_requests_total counter
            inferstream_requests_total{result="accepted"} 10.0
            inferstream_requests_total{result="invalid"} 2.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 1000.0
            jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 500.0
            jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9999.0
            inferstream_jobs_stored NaN
            inferstream_tick_duration_seconds_bucket{le="0.001"} 90.0
            inferstream_tick_duration_seconds_bucket{le="0.002"} 100.0
            inferstream_tick_duration_seconds_bucket{le="+Inf"} 100.0
            inferstream_tick_duration_seconds_count 100.0
            inferstream_tick_duration_seconds_sum 0.05
            inferstream_tick_entries_read_bucket{le="1.0"} 50.0
            inferstream_tick_entries_read_bucket{le="2.0"} 100.0
            inferstream_tick_entries_read_bucket{le="+Inf"} 100.0
            inferstream_tick_entries_read_count 100.0
            inferstream_tick_entries_read_sum 150.0
            inferstream_terminal_events_total{reason="none",type="completed"} 7.0
            """;

    /** 100 more ticks: 98 under 1 ms, one of 1-2 ms, one over 2 ms; 300 entries read, at most 16 in a tick. */
    private static final String AFTER = """
            inferstream_requests_total{result="accepted"} 35.0
            inferstream_tick_duration_seconds_bucket{le="0.001"} 188.0
            inferstream_tick_duration_seconds_bucket{le="0.002"} 199.0
            inferstream_tick_duration_seconds_bucket{le="+Inf"} 200.0
            inferstream_tick_duration_seconds_count 200.0
            inferstream_tick_duration_seconds_sum 0.15
            inferstream_tick_entries_read_bucket{le="1.0"} 60.0
            inferstream_tick_entries_read_bucket{le="2.0"} 150.0
            inferstream_tick_entries_read_bucket{le="16.0"} 200.0
            inferstream_tick_entries_read_bucket{le="+Inf"} 200.0
            inferstream_tick_entries_read_count 200.0
            inferstream_tick_entries_read_sum 450.0
            inferstream_terminal_events_total{reason="none",type="completed"} 30.0
            inferstream_terminal_events_total{reason="TIMED_OUT",type="failed"} 2.0
            """;

    @Test
    void givenPrometheusText_sumsTheSeriesWhoseLabelsMatch() {
        MetricsScrape scrape = MetricsScrape.parse(BEFORE);

        assertThat(scrape.sum("inferstream_requests_total", Map.of("result", "accepted"))).isEqualTo(10.0);
        assertThat(scrape.sum("inferstream_requests_total")).isEqualTo(12.0);
        assertThat(scrape.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isEqualTo(1_500.0);
        assertThat(scrape.sum("inferstream_jobs_stored")).isNaN();
        assertThat(scrape.sum("no_such_metric")).isZero();
    }

    @Test
    void givenTwoScrapes_tickFiguresDescribeOnlyTheTicksBetweenThem() {
        TickFigures ticks = TickFigures.between(MetricsScrape.parse(BEFORE), MetricsScrape.parse(AFTER));

        assertThat(ticks.ticks()).isEqualTo(100);
        assertThat(ticks.meanMillis().getAsDouble()).isCloseTo(1.0, within(1e-9));
        // 98 of the 100 new ticks took under 1 ms, 99 under 2 ms: the 99th percentile lies in the 2 ms bucket.
        assertThat(ticks.p99Millis()).hasValue(2.0);
        assertThat(ticks.meanEntries()).hasValue(3.0);
        assertThat(ticks.p99Entries()).hasValue(16.0);
        assertThat(ticks.terminal()).isEqualTo(25);
    }

    @Test
    void givenNoTicksBetweenScrapes_tickFiguresAreEmpty() {
        MetricsScrape same = MetricsScrape.parse(BEFORE);

        TickFigures ticks = TickFigures.between(same, same);

        assertThat(ticks.ticks()).isZero();
        assertThat(ticks.meanMillis()).isEmpty();
        assertThat(ticks.p99Millis()).isEmpty();
        assertThat(ticks.meanEntries()).isEmpty();
    }

    @Test
    void givenFigures_targetsJudgeTicksWithinTwiceAndRssAgainstItsLimit() {
        ScaleFigures figures = figures(ticks(1.0, 2.0), ticks(2.1, 2.0), ScaleFigures.RSS_LIMIT_BYTES + 1);

        assertThat(figures.targets()).extracting(Ratio::label, Ratio::text, Ratio::met).containsExactly(
                tuple("due-index entries read per tick, mean", "1.00", true),
                tuple("due-index entries read per tick, p99", "1.00", true),
                tuple("tick time, mean", "2.10", false),
                tuple("tick time, p99", "1.00", true),
                tuple("RSS", "3.07", false),
                tuple("peak RSS", "3.07", false),
                tuple("jobs found after restore", "1.00", true));
    }

    @Test
    void givenAFigureThatCouldNotBeMeasured_itsTargetIsUnmetAndTheTableSaysNa() {
        TickFigures none = new TickFigures(0, OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty(),
                OptionalDouble.empty(), 0);
        ScaleFigures figures = figures(ticks(1.0, 2.0), none, 1L << 30);

        assertThat(figures.targets().get(2).met()).isFalse();
        assertThat(figures.markdown())
                .startsWith("| figure | at 1,000 pending | at 1,000,000 pending | ratio | target | met |\n")
                .contains("| tick time, mean | 1.000 ms | n/a | n/a | ≤ 2× | **no** |")
                .contains("| RSS | 500 MiB | 1,024 MiB | 2.05 | ≤ 1.5 GiB | yes |")
                .contains("| jobs found after restore | n/a | 10 of 10 sampled | n/a | all | yes |");
    }

    private static TickFigures ticks(double meanMillis, double meanEntries) {
        return new TickFigures(600, OptionalDouble.of(meanMillis), OptionalDouble.of(4.0), OptionalDouble.of(meanEntries),
                OptionalDouble.of(8.0), 500);
    }

    private static ScaleFigures figures(TickFigures small, TickFigures large, long largeRss) {
        ScalePlan plan = ScalePlan.full();
        IngestFigures ingest = new IngestFigures(1_000, Duration.ofSeconds(1), Duration.ofSeconds(2));
        long smallRss = 500L << 20;
        return new ScaleFigures(plan,
                new ScalePoint(1_000, ingest, small,
                        new MemoryFigures(20L << 20, OptionalLong.of(smallRss), OptionalLong.of(smallRss)), 3_000),
                new ScalePoint(1_000_000, ingest, large,
                        new MemoryFigures(30L << 20, OptionalLong.of(largeRss), OptionalLong.of(largeRss)), 3_000_000),
                new RestoreFigures(Duration.ofSeconds(5), Duration.ofSeconds(60), 10, 10, 4_000_000, 1L << 30,
                        OptionalLong.of(800L << 20)),
                Duration.ofMinutes(10));
    }
}
