package dev.inferstream.topology;

/**
 * Spreads calls out: a token bucket refilled at the aimed rate that holds at most {@link #BURST_MILLIS}
 * worth of calls. Without it a one-second window may be spent in a single tick, and the server, which
 * counts arrivals rather than our sends, sees that clump land in whichever of its windows the transit
 * jitter puts it; small clumps make that jitter cost little.
 */
final class CallPacer {

    static final long BURST_MILLIS = 100;

    private double tokens;
    private long refilledAt;
    private boolean started;

    /**
     * Takes one token at {@code ratePerSecond} if, after taking it, at least {@code toLeave} remain (BACKFILL
     * leaves one, so the next LIVE call never waits for a refill). A rate of zero or less means unpaced.
     */
    boolean tryTake(double ratePerSecond, long now, int toLeave) {
        if (ratePerSecond <= 0) {
            return true;
        }
        // Room for two, so a caller leaving one behind can still be served at the slowest rates.
        double burst = Math.max(2, ratePerSecond * BURST_MILLIS / 1_000.0);
        if (!started) {
            tokens = burst;
            refilledAt = now;
            started = true;
        }
        // Stream threads pass their own cached clocks; one slightly behind another must not drain tokens.
        long elapsed = Math.max(0, now - refilledAt);
        tokens = Math.min(burst, tokens + elapsed * ratePerSecond / 1_000.0);
        refilledAt = Math.max(refilledAt, now);
        if (tokens < 1 + toLeave) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
