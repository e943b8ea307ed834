package dev.inferstream.bench;

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
 * @param latencyP50Millis  median time from offering a request of the window to its terminal event being readable
 * @param latencyP99Millis  99th percentile of the same; empty when more than 1 % never ended
 * @param overheadP99Millis 99th percentile of that latency less the duration of the request's job: what
 *                          the system added; empty when more than 1 % never ended
 * @param cpuSecondsPer1000 process CPU seconds in the window per 1,000 terminal events in it
 */
public record StepFigures(int rate, double offeredPerSecond, double terminalPerSecond, long backlog, long backlogGrowth,
                          OptionalDouble callsPerRequest, OptionalLong latencyP50Millis, OptionalLong latencyP99Millis,
                          OptionalLong overheadP99Millis, OptionalDouble cpuSecondsPer1000) {

    /** A step is sustained when at least this share of the offered rate ended in its window... */
    static final double KEPT_UP_SHARE = 0.98;
    /** ...the backlog grew by less than this many seconds' worth of offers over the window... */
    static final double BACKLOG_GROWTH_SECONDS = 1.0;
    /** ...and the 99th percentile latency exceeded the request's job duration by at most this. */
    static final long OVERHEAD_MILLIS = 1_000;
    /** The bench could not offer the planned rate when it fell this far short: the step says nothing. */
    private static final double OFFER_SHORTFALL = 0.98;

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

    /** Each request's latency, and what its job took, for the requests offered in the window. */
    interface Latencies {
        /** Requests offered in the window. */
        int count();

        /** Milliseconds from offering request {@code i} of the window to its terminal event, or empty if it never ended. */
        OptionalLong latency(int i);

        /** How long the job of request {@code i} of the window ran at the API; zero for a system that calls none. */
        long jobMillis(int i);
    }

    static StepFigures of(int rate, Snapshot open, Snapshot close, Latencies latencies) {
        double seconds = Math.max(1, close.atMillis() - open.atMillis()) / 1_000.0;
        long ended = close.ended() - open.ended();
        OptionalDouble callsPerRequest = open.calls().isPresent() && close.calls().isPresent()
                ? Ratio.of(close.calls().getAsLong() - open.calls().getAsLong(), ended) : OptionalDouble.empty();
        Histogram latency = new Histogram(3);
        Histogram overhead = new Histogram(3);
        int neverEnded = 0;
        for (int i = 0; i < latencies.count(); i++) {
            OptionalLong millis = latencies.latency(i);
            if (millis.isEmpty()) {
                neverEnded++;
                continue;
            }
            latency.recordValue(Math.max(0, millis.getAsLong()));
            overhead.recordValue(Math.max(0, millis.getAsLong() - latencies.jobMillis(i)));
        }
        return new StepFigures(rate, (close.offered() - open.offered()) / seconds, ended / seconds, close.backlog(),
                close.backlog() - open.backlog(), callsPerRequest,
                percentile(latency, 50, neverEnded, latencies.count()), percentile(latency, 99, neverEnded, latencies.count()),
                percentile(overhead, 99, neverEnded, latencies.count()),
                Ratio.of((close.cpuNanos() - open.cpuNanos()) / 1e9 * 1_000, ended));
    }

    /** Requests that never ended count as slower than any that did. */
    private static OptionalLong percentile(Histogram histogram, double percentile, int neverEnded, int count) {
        if (count == 0 || neverEnded > count * (100 - percentile) / 100) {
            return OptionalLong.empty();
        }
        double ofEnded = percentile * count / (count - neverEnded);
        return OptionalLong.of(histogram.getValueAtPercentile(Math.min(100, ofEnded)));
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
