package dev.inferstream.topology;

/**
 * Start times of the calls made in the last second, in a ring. A call is allowed while fewer than the
 * limit started in the trailing second, so no one-second window ever holds more calls than the limit
 * (a token bucket refilled per tick would overshoot by its burst).
 *
 * <p>The second is the last ten of {@link CallPacer}'s slots, not the last 1,000 milliseconds: a call
 * made in a slot frees its place in the first millisecond of the slot a second later, however late the
 * tick of either slot ran. Counted to the millisecond, a place freed just after a tick that ran early
 * waits for the next tick, and calls sent in clumps would use a second only every 1.05 s on average.
 * Any 1,000 ms of sending then spans at most eleven slots: ten within the limit and part of one more,
 * which the pacer keeps to a tenth of the rate.
 */
final class CallWindow {

    private static final long WINDOW_MILLIS = 1_000;

    private final long[] starts;
    private int head;
    private int size;

    CallWindow(int capacity) {
        this.starts = new long[Math.max(1, capacity)];
    }

    /** Calls started in the last ten slots, the one {@code now} falls in included. */
    int count(long now) {
        long firstSlotKept = CallPacer.slotOf(now) - WINDOW_MILLIS + CallPacer.BURST_MILLIS;
        while (size > 0 && starts[head] < firstSlotKept) {
            head = (head + 1) % starts.length;
            size--;
        }
        return size;
    }

    void record(long now) {
        if (size == starts.length) {
            head = (head + 1) % starts.length;
            size--;
        }
        starts[(head + size) % starts.length] = CallPacer.slotOf(now);
        size++;
    }
}
