package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what is wrong with AnnoLab while it is wrong: one WARN when a 401 pauses every call and one when
 * calls resume, and one WARN when no call has been answered at all (connection errors, call timeouts,
 * 5xx) for {@code unreachableAfter}, then one when an answer comes again. Readiness asks it why the
 * instance cannot work. Fed by every finished call; thread-safe.
 */
public final class ApiHealth {

    private static final Logger log = LoggerFactory.getLogger(ApiHealth.class);
    private static final long NEVER = Long.MIN_VALUE;

    private final long unreachableAfterMillis;
    private long failingSince = NEVER;
    private String lastFailure = "";
    private boolean reportedUnreachable;
    private long pausedAt = NEVER;

    ApiHealth(Duration unreachableAfter) {
        this.unreachableAfterMillis = unreachableAfter.toMillis();
    }

    /** A call sent at {@code sentAt} ended with {@code outcome}. */
    synchronized void answered(ApiOutcome outcome, long sentAt) {
        long answeredAt = sentAt + outcome.latency().toMillis();
        if (!reachedTheApi(outcome)) {
            // Counted from when the first failure was known, not sent: one slow call is not an outage.
            if (failingSince == NEVER) {
                failingSince = answeredAt;
            }
            lastFailure = describe(outcome);
            unreachableSince(answeredAt);
            return;
        }
        if (reportedUnreachable) {
            log.warn("AnnoLab answers again after {} s without an answer", seconds(answeredAt - failingSince));
        }
        failingSince = NEVER;
        reportedUnreachable = false;
    }

    /**
     * Why calls get no answer, once that has lasted {@code unreachableAfter} by {@code now}; empty while
     * the API answers (whatever it answers) or has failed only briefly.
     */
    public synchronized Optional<String> unreachableSince(long now) {
        if (failingSince == NEVER || now - failingSince < unreachableAfterMillis) {
            return Optional.empty();
        }
        String reason = "AnnoLab has not answered for " + seconds(now - failingSince) + " s (last: " + lastFailure
                + "); requests wait and retry until their deadline";
        if (!reportedUnreachable) {
            reportedUnreachable = true;
            log.warn("{}", reason);
        }
        return Optional.of(reason);
    }

    /** A 401 paused every call; logged only when the pause begins. */
    synchronized void keyRejected(long at, long probeMillis) {
        if (pausedAt == NEVER) {
            pausedAt = at;
            log.warn("AnnoLab answered 401: the API key is not accepted. All calls are paused (the instance is not "
                    + "ready); one probe every {} s or more checks the key, requests wait until their deadline",
                    Math.max(1, probeMillis / 1000));
        }
    }

    /** Calls resume after a 401 pause; logged once. */
    synchronized void keyAccepted(long at) {
        if (pausedAt != NEVER) {
            log.warn("AnnoLab accepts the API key again after {} s: calls resume", seconds(at - pausedAt));
            pausedAt = NEVER;
        }
    }

    /** Only a lost connection, a call timeout or a 5xx says nothing came from the API itself. */
    private static boolean reachedTheApi(ApiOutcome outcome) {
        int status = outcome.httpStatus();
        return status != ApiOutcome.NO_RESPONSE && status < 500;
    }

    private static String describe(ApiOutcome outcome) {
        if (outcome instanceof ApiOutcome.Transient failure) {
            return outcome.httpStatus() == ApiOutcome.NO_RESPONSE
                    ? failure.cause() : "HTTP " + outcome.httpStatus() + ": " + failure.cause();
        }
        return "HTTP " + outcome.httpStatus();
    }

    private static long seconds(long millis) {
        return Math.max(0, millis) / 1000;
    }
}
