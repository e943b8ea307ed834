package dev.inferstream.topology;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Learns, per model, when to make the first status check so that most jobs are found finished at
 * that first check and little time is lost after they finish.
 *
 * <p>It tracks a quantile of job durations from censored observations: a first check only tells
 * whether the job took less or more than the estimate, which is exactly what stochastic quantile
 * tracking needs. A hit shrinks the estimate by {@code step·(1−q)}, a miss grows it by
 * {@code step·q}, so it settles where a share {@code q} of jobs is done at the first check. After a
 * miss, the job's final bracket lets a badly wrong estimate jump halfway to the observed duration.
 *
 * <p>Shared by all tasks of an instance and kept in memory only: losing it costs a few extra checks
 * while it relearns, never correctness.
 */
public final class DurationLearner {

    private static final double STEP = 0.1;

    private final long initialMillis;
    private final long minMillis;
    private final double quantile;
    private final ConcurrentMap<String, Long> estimates = new ConcurrentHashMap<>();

    public DurationLearner(TopologySettings.Polling polling) {
        this.initialMillis = polling.initialDelay().toMillis();
        this.minMillis = polling.minInterval().toMillis();
        this.quantile = polling.targetQuantile();
    }

    /** How long after submission to make the first status check for a job of this model. */
    public Duration firstCheckAfter(String model) {
        return Duration.ofMillis(estimates.getOrDefault(model, initialMillis));
    }

    /** The first check found the job already terminal: it took at most the estimate. */
    public void finishedByFirstCheck(String model) {
        estimates.compute(model, (key, current) ->
                clamp(Math.round(valueOrInitial(current) * (1 - STEP * (1 - quantile)))));
    }

    /** The first check found the job still running: it took longer than the estimate. */
    public void runningAtFirstCheck(String model) {
        estimates.compute(model, (key, current) ->
                clamp(Math.round(valueOrInitial(current) * (1 + STEP * quantile))));
    }

    /**
     * A job that was still running at its first check has finished: it took between
     * {@code lowerMillis} and {@code upperMillis}. Moves a far-too-low estimate halfway there at once.
     */
    public void finishedWithin(String model, long lowerMillis, long upperMillis) {
        long observed = (lowerMillis + upperMillis) / 2;
        estimates.compute(model, (key, current) -> {
            long estimate = valueOrInitial(current);
            return estimate < observed ? clamp(estimate + (observed - estimate) / 2) : estimate;
        });
    }

    private long valueOrInitial(Long current) {
        return current == null ? initialMillis : current;
    }

    private long clamp(long millis) {
        return Math.max(minMillis, millis);
    }
}
