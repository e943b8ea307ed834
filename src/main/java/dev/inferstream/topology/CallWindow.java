package dev.inferstream.topology;

/**
 * Start times of the calls made in the last second, in a ring. A call is allowed while fewer than the
 * limit started in the trailing second, so no one-second window ever holds more calls than the limit
 * (a token bucket refilled per tick would overshoot by its burst).
 */
final class CallWindow {

    private static final long WINDOW_MILLIS = 1_000;

    private final long[] starts;
    private int head;
    private int size;

    CallWindow(int capacity) {
        this.starts = new long[Math.max(1, capacity)];
    }

    /** Calls started in {@code (now - 1s, now]}. */
    int count(long now) {
        while (size > 0 && starts[head] <= now - WINDOW_MILLIS) {
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
        starts[(head + size) % starts.length] = now;
        size++;
    }
}
