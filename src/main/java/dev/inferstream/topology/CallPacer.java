package dev.inferstream.topology;

/**
 * Spreads calls out: a token bucket refilled at the aimed rate that holds at most {@link #BURST_MILLIS}
 * worth of calls. Without it a one-second window may be spent in a single tick, and the server, which
 * counts arrivals rather than our sends, sees that clump land in whichever of its windows the transit
 * jitter puts it; small clumps make that jitter cost little.
 *
 * <p>Time is counted in slots of {@link #BURST_MILLIS} on the wall clock, where ticks are aligned too
 * ({@link AlignedTicks}): a slot's tokens are there from its first millisecond, so a tick that runs
 * late within its slot still finds them. Counted in milliseconds, every late tick would lose the
 * tokens that overflowed the bucket while it waited, and a busy stream thread would use less than its
 * quota.
 */
final class CallPacer {

    static final long BURST_MILLIS = 100;

    private double tokens;
    private long refilledAt;
    private boolean started;

    /** The start of the slot {@code now} falls in. */
    static long slotOf(long now) {
        return Math.floorDiv(now, BURST_MILLIS) * BURST_MILLIS;
    }

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
        long slot = slotOf(now);
        if (!started) {
            tokens = burst;
            refilledAt = slot;
            started = true;
        }
        // Stream threads pass their own cached clocks; one slightly behind another must not drain tokens.
        long elapsed = Math.max(0, slot - refilledAt);
        // A slot's whole tokens are granted at its start, so what the last slot left of a token (or the one
        // BACKFILL left for LIVE) must carry over, or each slot would grant only the whole part of its share.
        tokens = Math.min(burst + 1, tokens + elapsed * ratePerSecond / 1_000.0);
        refilledAt = Math.max(refilledAt, slot);
        if (tokens < 1 + toLeave) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
