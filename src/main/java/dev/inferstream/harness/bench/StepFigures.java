package dev.inferstream.harness.bench;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;

/**
 * One step of the sustained phase, measured over its window.
 *
 * @param rate              the requests per second the step offered, as planned
 * @param offeredPerSecond  requests actually handed to the producer per second of the window
 * @param terminalPerSecond terminal events that became readable per second of the window
 * @param backlog           requests offered and not yet ended when the window closed
 * @param backlogGrowth     how much the backlog grew over the window (negative: it shrank)
 * @param callsPerRequest   API calls the simulator counted in the window per terminal event in it
 * @param latency           time from offering a request of the window to its terminal event being readable;
 *                          requests that never ended count as slower than any that did
 * @param overheadP99Millis 99th percentile of that latency less the duration of the request's job: what
 *                          the system added
 * @param toSubmit          where the latency goes: from offering the request to its POST reaching the API...
 * @param detection         ...from its job finishing to the terminal event being written...
 * @param toReadable        ...and from then to the event being readable (its transaction committed)
 * @param cpuSecondsPer1000 process CPU seconds in the window per 1,000 terminal events in it
 */
public record StepFigures(int rate, double offeredPerSecond, double terminalPerSecond, long backlog, long backlogGrowth,
                          OptionalDouble callsPerRequest, Spread latency, OptionalLong overheadP99Millis,
                          Spread toSubmit, Spread detection, Spread toReadable, OptionalDouble cpuSecondsPer1000) {

    /** A step is sustained when at least this share of the offered rate ended in its window... */
    static final double KEPT_UP_SHARE = 0.98;
    /** ...the backlog grew by less than this many seconds' worth of offers over the window... */
    static final double BACKLOG_GROWTH_SECONDS = 1.0;
    /** ...and the 99th percentile latency exceeded the request's job duration by at most this. */
    static final long OVERHEAD_MILLIS = 1_000;
    /** The bench could not offer the planned rate when it fell this far short: the step says nothing. */
    private static final double OFFER_SHORTFALL = 0.98;

    /** A median and a 99th percentile in milliseconds; empty where too few requests had the figure. */
    public record Spread(OptionalLong p50, OptionalLong p99) {
        static final Spread NONE = new Spread(OptionalLong.empty(), OptionalLong.empty());
    }

    /**
     * What the bench, the system and the simulator had done by one moment: taken when a step's window
     * opens and when it closes.
     *
     * @param calls API calls the simulator counted so far, when the system calls the API
     */
    record Snapshot(long atMillis, long offered, long ended, OptionalLong calls, long cpuNanos) {
        long backlog() {
            return offered - ended;
        }
    }

    /**
     * What happened to one request, in epoch millis: offered, its POST reaching the API and its job
     * finishing there (for a system that calls the API), its terminal event written and readable.
     *
     * @param jobMillis how long its job ran at the API; zero for a system that calls none
     */
    record Timeline(long offeredAt, OptionalLong submittedAt, OptionalLong finishedAt, long writtenAt, long seenAt,
                    long jobMillis) {}

    /** The requests offered in the window. */
    interface Timelines {
        int count();

        /** Request {@code i} of the window; empty if it never ended. */
        Optional<Timeline> of(int i);
    }

    static StepFigures of(int rate, Snapshot open, Snapshot close, Timelines timelines) {
        double seconds = Math.max(1, close.atMillis() - open.atMillis()) / 1_000.0;
        long ended = close.ended() - open.ended();
        OptionalDouble callsPerRequest = open.calls().isPresent() && close.calls().isPresent()
                ? Ratio.of(close.calls().getAsLong() - open.calls().getAsLong(), ended) : OptionalDouble.empty();
        Histogram overhead = new Histogram(3);
        Spreads spreads = new Spreads(timelines.count());
        for (int i = 0; i < timelines.count(); i++) {
            Optional<Timeline> timeline = timelines.of(i);
            if (timeline.isEmpty()) {
                spreads.neverEnded++;
                continue;
            }
            Timeline t = timeline.get();
            long latency = t.seenAt() - t.offeredAt();
            spreads.latency.recordValue(Math.max(0, latency));
            overhead.recordValue(Math.max(0, latency - t.jobMillis()));
            t.submittedAt().ifPresent(at -> spreads.toSubmit.recordValue(Math.max(0, at - t.offeredAt())));
            t.finishedAt().ifPresent(at -> spreads.detection.recordValue(Math.max(0, t.writtenAt() - at)));
            spreads.toReadable.recordValue(Math.max(0, t.seenAt() - t.writtenAt()));
        }
        return new StepFigures(rate, (close.offered() - open.offered()) / seconds, ended / seconds, close.backlog(),
                close.backlog() - open.backlog(), callsPerRequest, spreads.ofEveryRequest(spreads.latency),
                spreads.percentileOfEveryRequest(overhead, 99), spreads.ofEnded(spreads.toSubmit),
                spreads.ofEnded(spreads.detection), spreads.ofEnded(spreads.toReadable),
                Ratio.of((close.cpuNanos() - open.cpuNanos()) / 1e9 * 1_000, ended));
    }

    /** Histograms of one window's requests, and how many of them never ended. */
    private static final class Spreads {
        final Histogram latency = new Histogram(3);
        final Histogram toSubmit = new Histogram(3);
        final Histogram detection = new Histogram(3);
        final Histogram toReadable = new Histogram(3);
        final int count;
        int neverEnded;

        Spreads(int count) {
            this.count = count;
        }

        /** Over every request of the window, those that never ended counting as the slowest. */
        Spread ofEveryRequest(Histogram histogram) {
            return new Spread(percentileOfEveryRequest(histogram, 50), percentileOfEveryRequest(histogram, 99));
        }

        OptionalLong percentileOfEveryRequest(Histogram histogram, double percentile) {
            if (count == 0 || neverEnded > count * (100 - percentile) / 100) {
                return OptionalLong.empty();
            }
            double ofEnded = percentile * count / (count - neverEnded);
            return OptionalLong.of(histogram.getValueAtPercentile(Math.min(100, ofEnded)));
        }

        /** Over the requests that ended and have the figure: where the time of those went. */
        static Spread ofEnded(Histogram histogram) {
            if (histogram.getTotalCount() == 0) {
                return Spread.NONE;
            }
            return new Spread(OptionalLong.of(histogram.getValueAtPercentile(50)),
                    OptionalLong.of(histogram.getValueAtPercentile(99)));
        }
    }

    /** Whether the system kept up while the window was open, judged as soon as it closes. */
    static boolean keptUp(Snapshot open, Snapshot close) {
        long offered = close.offered() - open.offered();
        long ended = close.ended() - open.ended();
        double seconds = Math.max(1, close.atMillis() - open.atMillis()) / 1_000.0;
        return ended >= KEPT_UP_SHARE * offered
                && close.backlog() - open.backlog() <= BACKLOG_GROWTH_SECONDS * offered / seconds;
    }

    /** The bench offered what the step planned (within 2 %), so the step measures the system. */
    boolean offeredAsPlanned() {
        return offeredPerSecond >= OFFER_SHORTFALL * rate;
    }

    /**
     * Sustained: the rate was offered, terminal events kept pace with it, the backlog did not grow, and
     * the 99th percentile request took at most its job's duration plus {@link #OVERHEAD_MILLIS}.
     */
    public boolean sustained() {
        return offeredAsPlanned()
                && terminalPerSecond >= KEPT_UP_SHARE * offeredPerSecond
                && backlogGrowth <= BACKLOG_GROWTH_SECONDS * offeredPerSecond
                && overheadP99Millis.isPresent() && overheadP99Millis.getAsLong() <= OVERHEAD_MILLIS;
    }
}
