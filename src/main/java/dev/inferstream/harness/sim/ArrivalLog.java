package dev.inferstream.harness.sim;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Arrival times (epoch millis) of the API calls the simulator counted, so a benchmark can check the
 * busiest one-second window against a client's rate limit. Bounded: a long-running simulator keeps
 * only the newest {@code capacity} arrivals instead of growing without end.
 */
final class ArrivalLog {

    static final int DEFAULT_CAPACITY = 2_000_000;

    private final int capacity;
    private final ArrayDeque<Long> arrivals = new ArrayDeque<>();

    ArrivalLog(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void record(long epochMillis) {
        if (arrivals.size() == capacity) {
            arrivals.removeFirst();
        }
        arrivals.addLast(epochMillis);
    }

    synchronized List<Long> snapshot() {
        return List.copyOf(arrivals);
    }

    synchronized void clear() {
        arrivals.clear();
    }
}
