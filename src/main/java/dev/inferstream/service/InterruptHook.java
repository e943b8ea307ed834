package dev.inferstream.service;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a command that must finish cleanly (close a consumer, flush a producer, print its summary):
 * the JVM's shutdown hook runs {@code onInterrupt} to ask the work to stop, then holds the JVM until the
 * work has ended ({@link #close()}) or the patience runs out. Closing also removes the hook, so a command
 * that ends by itself leaves nothing behind.
 */
public final class InterruptHook implements AutoCloseable {

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);

    private InterruptHook(String name, Runnable onInterrupt, Duration patience) {
        this.hook = new Thread(() -> {
            onInterrupt.run();
            try {
                finished.await(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
    }

    public static InterruptHook install(String name, Runnable onInterrupt, Duration patience) {
        InterruptHook interruptHook = new InterruptHook(name, onInterrupt, patience);
        Runtime.getRuntime().addShutdownHook(interruptHook.hook);
        return interruptHook;
    }

    /** What the JVM runs on Ctrl-C. */
    Thread thread() {
        return hook;
    }

    /** The work has ended: a running hook lets the JVM go, one not yet run is removed. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running because of Ctrl-C; it returns now that the latch is open.
        }
    }
}
