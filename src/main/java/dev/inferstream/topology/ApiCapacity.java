package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.state.Lane;
import java.util.Optional;

/**
 * The per-instance budget of API calls, shared by every task and stream thread: an in-flight cap, a
 * calls-per-second limit (a trailing one-second window, paced by {@link CallPacer}, aimed
 * {@link #HEADROOM} under the limit) that slows down after a 429, a BACKFILL lane that yields to LIVE
 * work, and the service-wide pause after a 401 during which only one probe call at a time is let through.
 *
 * <p>Permits are taken on stream threads and finished on Vert.x threads, hence the single lock; the
 * critical sections are a few arithmetic operations.
 */
public final class ApiCapacity {

    /** LIVE work seen this recently counts as present: BACKFILL is then held to its share. */
    static final long LIVE_IDLE_AFTER_MILLIS = 5_000;
    /**
     * Even when LIVE is idle, BACKFILL leaves this share of the in-flight slots and of the rate free, so
     * the first live request after a quiet spell does not wait for a full second's window to drain.
     */
    static final double LIVE_RESERVE = 0.05;
    /**
     * We count calls as they leave, AnnoLab counts them as they arrive: transit jitter can move calls
     * from one of its one-second windows into the next, so we aim this share under the limit.
     */
    static final double HEADROOM = 0.05;
    private static final double SLOWDOWN_FACTOR = 0.7;
    private static final double MIN_RATE_FRACTION = 0.05;
    private static final double RECOVERY_FRACTION = 0.01;

    private final int maxInFlight;
    private final int backfillInFlightWhileLive;
    private final int reservedInFlight;
    private final double configuredRate;
    private final double backfillShare;
    private final long baseProbeMillis;
    private final long maxProbeMillis;
    private final CallWindow allCalls;
    private final CallWindow backfillCalls;
    private final CallPacer pacer = new CallPacer();

    private int inFlight;
    private int backfillInFlight;
    /** Permits granted whose call has not been sent yet: they count against the rate as if sent now. */
    private int unsent;
    private int backfillUnsent;
    private double currentRate;
    private long liveSeenAt = Long.MIN_VALUE / 2;
    private boolean paused;
    private boolean probeInFlight;
    private long probeIntervalMillis;
    private long nextProbeAt;

    public ApiCapacity(TopologySettings.Limits limits, TopologySettings.Retries retries) {
        this.maxInFlight = limits.maxInFlight();
        this.backfillShare = limits.backfillShare();
        this.backfillInFlightWhileLive = Math.max(1, (int) Math.floor(maxInFlight * backfillShare));
        this.reservedInFlight = reserveOf(maxInFlight);
        this.configuredRate = limits.callsPerSecond();
        this.currentRate = configuredRate;
        int windowCapacity = isRateLimited() ? (int) Math.ceil(configuredRate) : 1;
        this.allCalls = new CallWindow(windowCapacity);
        this.backfillCalls = new CallWindow(windowCapacity);
        this.baseProbeMillis = retries.authProbeInterval().toMillis();
        this.maxProbeMillis = retries.maxAuthProbeInterval().toMillis();
        this.probeIntervalMillis = baseProbeMillis;
    }

    /** A permit to make one call now in the given lane, or empty when the lane must wait. */
    public synchronized Optional<Permit> tryAcquire(Lane lane, long now) {
        if (lane == Lane.LIVE) {
            liveSeenAt = now;
        }
        if (paused) {
            if (probeInFlight || now < nextProbeAt) {
                return Optional.empty();
            }
            probeInFlight = true;
            return Optional.of(grant(lane, now, true));
        }
        if (inFlight >= maxInFlight || !rateAllows(allCalls, unsent, limitPerSecond(), now)) {
            return Optional.empty();
        }
        if (lane == Lane.BACKFILL && !backfillAllowed(now)) {
            return Optional.empty();
        }
        if (isRateLimited() && !pacer.tryTake(limitPerSecond(), now, lane == Lane.BACKFILL ? 1 : 0)) {
            return Optional.empty();
        }
        return Optional.of(grant(lane, now, false));
    }

    /**
     * The API key changed (a rotated secret was read): while paused, the next probe goes out at once with
     * the new key instead of waiting out the probe backoff, so the pause ends with that one probe.
     */
    public synchronized void keyChanged(long now) {
        if (paused) {
            probeIntervalMillis = baseProbeMillis;
            nextProbeAt = Math.min(nextProbeAt, now);
        }
    }

    /** True while a 401 has paused every call: the service is not ready. */
    public synchronized boolean isPaused() {
        return paused;
    }

    public synchronized int inFlight() {
        return inFlight;
    }

    public int maxInFlight() {
        return maxInFlight;
    }

    /**
     * The calls-per-second limit in force, lowered after 429s and recovering with each success; calls
     * are paced to stay {@link #HEADROOM} under it.
     */
    public synchronized double currentRate() {
        return currentRate;
    }

    private Permit grant(Lane lane, long now, boolean probe) {
        inFlight++;
        unsent++;
        if (lane == Lane.BACKFILL) {
            backfillInFlight++;
            backfillUnsent++;
        }
        return new Permit(lane, now, probe);
    }

    /** The rate limit counts calls when they leave, so a permit held for a tick is not counted early. */
    private void sent(Permit permit, long now) {
        unsent--;
        allCalls.record(now);
        if (permit.lane == Lane.BACKFILL) {
            backfillUnsent--;
            backfillCalls.record(now);
        }
    }

    /** Live demand known before its first call is tried, so BACKFILL steps back at once. */
    public synchronized void liveDemand(long now) {
        liveSeenAt = now;
    }

    private boolean backfillAllowed(long now) {
        if (liveIsActive(now)) {
            return backfillInFlight < backfillInFlightWhileLive
                    && rateAllows(backfillCalls, backfillUnsent, limitPerSecond() * backfillShare, now);
        }
        return inFlight < maxInFlight - reservedInFlight
                && rateAllows(allCalls, unsent, limitPerSecond() - reserveOf(limitPerSecond()), now);
    }

    private static int reserveOf(double limit) {
        return Math.max(1, (int) Math.floor(limit * LIVE_RESERVE));
    }

    private boolean liveIsActive(long now) {
        return now - liveSeenAt < LIVE_IDLE_AFTER_MILLIS;
    }

    private boolean isRateLimited() {
        return configuredRate > 0;
    }

    /** The rate we aim at: the limit in force, less the headroom for transit jitter. */
    private double limitPerSecond() {
        return currentRate * (1 - HEADROOM);
    }

    private boolean rateAllows(CallWindow window, int notYetSent, double limit, long now) {
        if (!isRateLimited()) {
            return true;
        }
        return window.count(now) + notYetSent < Math.max(1, (int) Math.floor(limit));
    }

    private synchronized void finish(Permit permit, ApiOutcome outcome) {
        if (!permit.sent) {
            unsent--;
            if (permit.lane == Lane.BACKFILL) {
                backfillUnsent--;
            }
        }
        inFlight--;
        if (permit.lane == Lane.BACKFILL) {
            backfillInFlight--;
        }
        if (permit.probe) {
            probeInFlight = false;
        }
        if (outcome == null) {
            return;
        }
        if (outcome instanceof ApiOutcome.Unauthorized) {
            pauseAfter(permit.startedAt);
        } else if (outcome instanceof ApiOutcome.RateLimited) {
            slowDown();
        } else if (outcome.httpStatus() >= 200 && outcome.httpStatus() < 500) {
            // Any answer but 401 from the API itself proves the key is accepted again; 5xx and lost
            // connections prove nothing either way.
            answeredWithKeyAccepted();
        }
    }

    private void pauseAfter(long startedAt) {
        if (paused) {
            probeIntervalMillis = Math.min(maxProbeMillis, probeIntervalMillis * 2);
        }
        paused = true;
        nextProbeAt = startedAt + probeIntervalMillis;
    }

    private void answeredWithKeyAccepted() {
        paused = false;
        probeIntervalMillis = baseProbeMillis;
        if (isRateLimited()) {
            currentRate = Math.min(configuredRate, currentRate + configuredRate * RECOVERY_FRACTION);
        }
    }

    private void slowDown() {
        if (isRateLimited()) {
            currentRate = Math.max(configuredRate * MIN_RATE_FRACTION, currentRate * SLOWDOWN_FACTOR);
        }
    }

    /** One granted call. {@link #finish} must be called exactly once, from any thread. */
    public final class Permit {
        private final Lane lane;
        private final long startedAt;
        private final boolean probe;
        private boolean sent;
        private boolean finished;

        private Permit(Lane lane, long startedAt, boolean probe) {
            this.lane = lane;
            this.startedAt = startedAt;
            this.probe = probe;
        }

        /** The call is leaving now. */
        public void sent(long now) {
            synchronized (ApiCapacity.this) {
                if (!sent && !finished) {
                    sent = true;
                    ApiCapacity.this.sent(this, now);
                }
            }
        }

        /** Frees the permit of a call that was never sent, without drawing conclusions from it. */
        public void cancel() {
            finish(null);
        }

        /** Frees the permit and lets the answer steer the pause after 401 and the slowdown after 429. */
        public void finish(ApiOutcome outcome) {
            synchronized (ApiCapacity.this) {
                if (finished) {
                    return;
                }
                finished = true;
                ApiCapacity.this.finish(this, outcome);
            }
        }
    }
}
