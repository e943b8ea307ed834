package dev.inferstream.topology;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the schema registry answers, for the whole instance: one WARN when it stops answering and one
 * when it answers again (never one per record), the reason readiness gives meanwhile, and when the next
 * attempt may ask it (1 s, doubling to 30 s), so that tasks holding records do not call a dead registry
 * on every tick. Thread-safe: every stream thread reports here and the ops server reads it.
 */
public final class RegistryHealth {

    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RegistryHealth.class);
    private static final long AVAILABLE = Long.MIN_VALUE;

    private long unavailableSince = AVAILABLE;
    private String lastFailure = "";
    private long nextAttemptAt;
    private long retryMillis = FIRST_RETRY.toMillis();
    private final AtomicLong held = new AtomicLong();

    /** The registry gave no answer at {@code now}; logged only when this starts an outage. */
    public synchronized void unavailable(String reason, long now) {
        lastFailure = reason;
        if (unavailableSince == AVAILABLE) {
            unavailableSince = now;
            retryMillis = FIRST_RETRY.toMillis();
            log.warn("schema registry unavailable, so records that need it are held, not dead-lettered, and tried "
                    + "again with backoff; the instance is not ready until it answers: {}", reason);
        } else {
            retryMillis = Math.min(MAX_RETRY.toMillis(), retryMillis * 2);
        }
        nextAttemptAt = now + retryMillis;
    }

    /** The registry answered; logged only when this ends an outage. */
    public synchronized void answered(long now) {
        if (unavailableSince != AVAILABLE) {
            log.warn("schema registry answers again after {} s; releasing {} held record(s) in order",
                    Math.max(0, now - unavailableSince) / 1000, held.get());
            unavailableSince = AVAILABLE;
        }
    }

    /**
     * Whether a task may ask the registry now. During an outage one caller per backoff interval gets
     * true (and so becomes the probe); the others wait for its verdict.
     */
    public synchronized boolean mayAsk(long now) {
        if (unavailableSince == AVAILABLE) {
            return true;
        }
        if (now < nextAttemptAt) {
            return false;
        }
        nextAttemptAt = now + retryMillis;
        return true;
    }

    public synchronized boolean isAvailable() {
        return unavailableSince == AVAILABLE;
    }

    /** Why the instance cannot take records now, while the registry does not answer. */
    public synchronized Optional<String> unavailableReason(long now) {
        if (unavailableSince == AVAILABLE) {
            return Optional.empty();
        }
        return Optional.of("the schema registry has not answered for " + Math.max(0, now - unavailableSince) / 1000
                + " s; " + held.get() + " record(s) are held until it does (last failure: " + lastFailure + ")");
    }

    /** Records held by all tasks of this instance, for readiness and the meters. */
    public long heldRecords() {
        return held.get();
    }

    void heldChanged(long delta) {
        held.addAndGet(delta);
    }
}
