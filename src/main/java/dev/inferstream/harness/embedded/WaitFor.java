package dev.inferstream.harness.embedded;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes; failures while polling count as "not yet". */
final class WaitFor {

    private static final long POLL_MILLIS = 100;

    private WaitFor() {}

    static void until(String description, Duration timeout, Callable<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + description, e);
            } catch (Exception e) {
                lastFailure = e;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + description, e);
            }
        }
        throw new IllegalStateException("timed out after " + timeout + " waiting for " + description, lastFailure);
    }
}
