package dev.inferstream.replay;

import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * Holds publishing to {@code --rate} records per second by spacing them evenly; waiting here is the
 * point, so it sleeps. Without a rate it never waits.
 */
final class RatePacer {

    /** Sleeps for the given nanoseconds; a seam for tests. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final long intervalNanos;
    private final LongSupplier nanos;
    private final Sleeper sleeper;
    private long nextAt;

    RatePacer(OptionalDouble perSecond, LongSupplier nanos, Sleeper sleeper) {
        this.intervalNanos = perSecond.isPresent() ? Math.round(1_000_000_000.0 / perSecond.getAsDouble()) : 0;
        this.nanos = nanos;
        this.sleeper = sleeper;
        this.nextAt = nanos.getAsLong();
    }

    static RatePacer system(OptionalDouble perSecond) {
        return new RatePacer(perSecond, System::nanoTime,
                wait -> Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)));
    }

    /** Waits until the next record may go. */
    void acquire() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long now = nanos.getAsLong();
        // After a stall (a slow poll), do not burst to catch up: the cap is on any second.
        nextAt = Math.max(nextAt, now);
        long wait = nextAt - now;
        if (wait > 0) {
            sleeper.sleepNanos(wait);
        }
        nextAt += intervalNanos;
    }
}
