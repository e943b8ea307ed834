package dev.inferstream.harness.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers requests at a constant rate on a thread of its own, as upstream services would, until the rate
 * changes or the offer is closed: every millisecond it sends what the rate has accrued since, without
 * waiting for acknowledgements. Request {@code i} is named {@code prefix + i}; when it was handed to the
 * producer is kept for its latency.
 */
final class SteadyOffer implements AutoCloseable {

    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Requests requests;
    private final String topic;
    private final String prefix;
    private final Thread thread;
    private final AtomicInteger offered = new AtomicInteger();
    private volatile double perSecond;
    private volatile boolean running = true;
    /** Written by the offering thread only; read after {@link #close()} has joined it. */
    private long[] offeredAt = new long[1 << 16];

    private SteadyOffer(Requests requests, String topic, String prefix) {
        this.requests = requests;
        this.topic = topic;
        this.prefix = prefix;
        this.thread = new Thread(this::offer, "bench-steady-offer");
        this.thread.setDaemon(true);
    }

    /** Starts offering nothing; {@link #rate(double)} sets how much. */
    static SteadyOffer start(Requests requests, String topic, String prefix) {
        SteadyOffer offer = new SteadyOffer(requests, topic, prefix);
        offer.thread.start();
        return offer;
    }

    void rate(double requestsPerSecond) {
        perSecond = requestsPerSecond;
    }

    /** Requests offered so far. */
    int offered() {
        return offered.get();
    }

    /** Epoch millis at which each request was handed to the producer; only after {@link #close()}. */
    long offeredAt(int index) {
        if (thread.isAlive()) {
            throw new IllegalStateException("read offer times after close()");
        }
        return offeredAt[index];
    }

    private void offer() {
        double credit = 0;
        long last = System.nanoTime();
        while (running) {
            long now = System.nanoTime();
            credit += (now - last) / 1e9 * perSecond;
            last = now;
            for (; credit >= 1; credit--) {
                int index = offered.get();
                if (index == offeredAt.length) {
                    offeredAt = Arrays.copyOf(offeredAt, index * 2);
                }
                offeredAt[index] = System.currentTimeMillis();
                requests.offer(topic, prefix, index);
                offered.incrementAndGet();
            }
            LockSupport.parkNanos(STEP_NANOS);
        }
    }

    /** Stops offering and waits until everything offered is acknowledged. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
        requests.flush();
    }
}
