package dev.inferstream.topology;

import dev.inferstream.state.JobState;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Decides when a job is next due: its first status check, later checks, and backoff after failures. */
public final class PollPlanner {

    private final TopologySettings.Polling polling;
    private final TopologySettings.Retries retries;
    private final DurationLearner learner;
    private final RandomGenerator random;

    public PollPlanner(TopologySettings.Polling polling, TopologySettings.Retries retries,
                       DurationLearner learner, RandomGenerator random) {
        this.polling = polling;
        this.retries = retries;
        this.learner = learner;
        this.random = random;
    }

    /** First check near the model's learned duration, never after the deadline. */
    public long firstCheckAt(JobState job, String model, long submittedAt) {
        return Math.min(job.getDeadlineAt(), submittedAt + learner.firstCheckAfter(model).toMillis());
    }

    /**
     * After the {@code checks}-th check found the job running: wait a share of the time it has run so
     * far, doubling with each miss, so a job just past its expected end is checked again soon and a job
     * that runs for hours is checked rarely.
     */
    public long nextCheckAt(JobState job, long submittedAt, int checks, long now) {
        long elapsed = Math.max(0, now - submittedAt);
        double share = polling.firstMissGrowth() * Math.pow(2, Math.max(0, checks - 1));
        long delay = clamp(Math.round(elapsed * share), polling.minInterval(), polling.maxInterval());
        return Math.min(job.getDeadlineAt(), now + jittered(delay, polling.jitter()));
    }

    /**
     * After the {@code failures}-th transient failure in a row: exponential backoff with equal jitter,
     * and never sooner than the server's Retry-After.
     */
    public long backoffAt(JobState job, int failures, Optional<Duration> retryAfter, long now) {
        double exponential = retries.baseBackoff().toMillis() * Math.pow(2, Math.max(0, failures - 1));
        long ceiling = (long) Math.min(exponential, retries.maxBackoff().toMillis());
        long delay = ceiling / 2 + (long) (random.nextDouble() * (ceiling - ceiling / 2));
        long serverDelay = retryAfter.map(Duration::toMillis).orElse(0L);
        return Math.min(job.getDeadlineAt(), now + Math.max(delay, serverDelay));
    }

    private long jittered(long delay, double jitter) {
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Math.max(1, Math.round(delay * factor));
    }

    private static long clamp(long millis, Duration min, Duration max) {
        return Math.max(min.toMillis(), Math.min(max.toMillis(), millis));
    }
}
