package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ApiText;
import dev.inferstream.state.JobState;
import java.time.Duration;
import java.util.Optional;

/**
 * What a failure that may pass does to a job, whichever call failed: the job backs off exponentially (never
 * sooner than Retry-After) within the retry budget and its phase's deadline; a 401 costs it nothing but
 * waiting for the key, within that deadline too. Records the failure on the job and says what comes next;
 * the caller reschedules or ends the job.
 */
final class RetryBudget {

    /** What comes after a failure. */
    sealed interface Next permits RetryAt, OutOfRetries, OutOfTime {}

    /** Try again at {@code dueAt}. */
    record RetryAt(long dueAt) implements Next {}

    /** {@code failures} in a row: more than the budget allows. */
    record OutOfRetries(int failures) implements Next {}

    /** The phase's deadline has passed. */
    record OutOfTime() implements Next {}

    private final TopologySettings.Retries retries;
    private final PollPlanner planner;

    RetryBudget(TopologySettings.Retries retries, PollPlanner planner) {
        this.retries = retries;
        this.planner = planner;
    }

    /** 429s and transient failures; {@code cause} becomes the job's last error. */
    Next afterFailure(JobState job, String cause, Optional<Duration> retryAfter, long now) {
        if (now >= job.getDeadlineAt()) {
            return new OutOfTime();
        }
        int failures = job.getConsecutiveTransients() + 1;
        job.setConsecutiveTransients(failures);
        job.setLastError(ApiText.bounded(cause));
        if (failures > retries.maxConsecutiveTransients()) {
            return new OutOfRetries(failures);
        }
        return new RetryAt(planner.backoffAt(job, failures, retryAfter, now));
    }

    /**
     * 401: the key, not the request, is at fault. ApiCapacity pauses every call; the job waits without
     * penalty until the key works or its deadline passes.
     */
    Next afterUnauthorized(JobState job, long now) {
        if (now >= job.getDeadlineAt()) {
            return new OutOfTime();
        }
        return new RetryAt(Math.min(job.getDeadlineAt(), now + retries.authProbeInterval().toMillis()));
    }

    static String causeOf(ApiOutcome.RateLimited rateLimited) {
        return "HTTP 429: rate limited";
    }

    static String causeOf(ApiOutcome.Transient failure) {
        return failure.httpStatus() == ApiOutcome.NO_RESPONSE
                ? failure.cause() : "HTTP " + failure.httpStatus() + ": " + failure.cause();
    }

    static String causeOf(ApiOutcome.UnusableAnswer answer) {
        return "HTTP " + answer.httpStatus() + ": " + answer.cause();
    }
}
