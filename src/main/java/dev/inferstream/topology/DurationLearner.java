package dev.inferstream.topology;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Learns, per model, when to make the first status check so that most jobs are found finished at
 * that first check and little time is lost after they finish.
 *
 * <p>A first check only tells whether the job took less or more than the delay used, so the estimate
 * moves like a quantile tracker: a miss raises it above the delay that missed; a hit lowers it below
 * the delay that hit, by a step that doubles with each hit in a row, so an estimate far too high comes
 * down in a few jobs while a well-placed one only drifts. Updates are anchored to the delay the job
 * actually used, so many jobs in flight at once do not compound the same evidence. After a miss, the
 * time the job was last seen running lets a far-too-low estimate jump halfway there at once. Only
 * that lower bound is used: the check that found it finished may come long after it did, and aiming
 * at the middle of that span once left estimates a third too high for dozens of jobs.
 *
 * <p>Shared by all tasks of an instance and kept in memory only: losing it costs a few extra checks
 * while it relearns, never correctness.
 */
public final class DurationLearner {

    private static final double RAISE_AFTER_MISS = 0.09;
    private static final double FIRST_LOWER_STEP = 0.01;
    private static final int MAX_STEP_DOUBLINGS = 3;

    private record Estimate(long millis, int hitsInARow) {}

    private final long initialMillis;
    private final long minMillis;
    private final boolean learning;
    private final ConcurrentMap<String, Estimate> estimates = new ConcurrentHashMap<>();

    public DurationLearner(TopologySettings.Polling polling) {
        this(polling, true);
    }

    private DurationLearner(TopologySettings.Polling polling, boolean learning) {
        this.initialMillis = polling.initialDelay().toMillis();
        this.minMillis = polling.minInterval().toMillis();
        this.learning = learning;
    }

    /**
     * Always answers {@code initialDelay}: the benchmark's fixed-interval poller uses it to show what
     * polling costs without learning. Not reachable from configuration.
     */
    public static DurationLearner nonLearning(TopologySettings.Polling polling) {
        return new DurationLearner(polling, false);
    }

    /** How long after submission to make the first status check for a job of this model. */
    public Duration firstCheckAfter(String model) {
        return Duration.ofMillis(current(estimates.get(model)).millis());
    }

    /** The first check, made {@code delayMillis} after submission, found the job finished or not. */
    public void firstCheck(String model, long delayMillis, boolean finished) {
        if (!learning) {
            return;
        }
        estimates.compute(model, (key, existing) -> {
            Estimate estimate = current(existing);
            if (!finished) {
                return new Estimate(Math.max(estimate.millis(), clamp(Math.round(delayMillis * (1 + RAISE_AFTER_MISS)))), 0);
            }
            int hits = estimate.hitsInARow() + 1;
            double step = FIRST_LOWER_STEP * (1 << Math.min(hits - 1, MAX_STEP_DOUBLINGS));
            return new Estimate(Math.min(estimate.millis(), clamp(Math.round(delayMillis * (1 - step)))), hits);
        });
    }

    /**
     * A job that was still running at its first check has finished, and was last seen running
     * {@code ranAtLeastMillis} after submission. Moves a far-too-low estimate halfway there at once.
     */
    public void finishedAfter(String model, long ranAtLeastMillis) {
        if (!learning) {
            return;
        }
        estimates.compute(model, (key, existing) -> {
            Estimate estimate = current(existing);
            return estimate.millis() < ranAtLeastMillis
                    ? new Estimate(clamp(estimate.millis() + (ranAtLeastMillis - estimate.millis()) / 2), 0)
                    : estimate;
        });
    }

    /**
     * What a status check made at {@code checkedAt} says about a job (or export) that started at
     * {@code startedAt}: its {@code checks}-th check found it {@code terminal} or not, and an earlier one,
     * if any, last found it running at {@code lastRunningAt}.
     */
    void checked(String model, int checks, long startedAt, Long lastRunningAt, long checkedAt,
                 boolean terminal) {
        if (checks == 1) {
            firstCheck(model, checkedAt - startedAt, terminal);
        } else if (terminal && lastRunningAt != null) {
            finishedAfter(model, lastRunningAt - startedAt);
        }
    }

    private Estimate current(Estimate existing) {
        return existing != null ? existing : new Estimate(initialMillis, 0);
    }

    private long clamp(long millis) {
        return Math.max(minMillis, millis);
    }
}
