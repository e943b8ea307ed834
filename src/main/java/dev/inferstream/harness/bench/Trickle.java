package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Steady live traffic while ticks are measured: one request every {@code 1 s / rate}, so each measuring
 * point sees the same due work and only the number of pending jobs differs.
 */
final class Trickle implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scale-trickle");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger produced = new AtomicInteger();
    private final ScaleRequests requests;

    private Trickle(ScaleRequests requests) {
        this.requests = requests;
    }

    /** Starts at once; requests are named {@code prefix + n}. */
    static Trickle start(ScaleRequests requests, int perSecond, String prefix, String model, int timeoutSeconds) {
        Trickle trickle = new Trickle(requests);
        long periodNanos = Duration.ofSeconds(1).toNanos() / perSecond;
        trickle.timer.scheduleAtFixedRate(
                () -> requests.live(prefix + trickle.produced.getAndIncrement(), model, timeoutSeconds),
                0, periodNanos, TimeUnit.NANOSECONDS);
        return trickle;
    }

    int produced() {
        return produced.get();
    }

    /** Stops sending and waits until what was sent is acknowledged. */
    @Override
    public void close() throws InterruptedException {
        timer.shutdown();
        if (!timer.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the live trickle did not stop");
        }
        requests.flush();
    }
}
