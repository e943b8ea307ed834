package dev.inferstream.service;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies. A record cannot kill one (its failures go to the dead-letter
 * topic), so what reaches here is not tied to one record: a broker or state failure, a bug in a tick. A
 * passing one is worth a new thread; one that keeps coming back would loop for ever, silently. So a
 * thread is replaced at most {@code maxReplacements} times within {@link #WINDOW}; the next failure
 * shuts the client down, and {@code run} exits 1 with one line saying why, for an orchestrator to
 * restart the process and for someone to be alerted.
 */
final class StreamFailures implements StreamsUncaughtExceptionHandler {

    static final Duration WINDOW = Duration.ofMinutes(10);
    private static final int MAX_CAUSE_CHARS = 300;
    private static final Logger log = LoggerFactory.getLogger(StreamFailures.class);

    private final int maxReplacements;
    private final LongSupplier clock;
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile Optional<String> verdict = Optional.empty();

    StreamFailures(int maxReplacements, LongSupplier clock) {
        this.maxReplacements = maxReplacements;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        long now = clock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > WINDOW.toMillis()) {
            replacements.removeFirst();
        }
        String cause = rootCause(exception);
        if (replacements.size() >= maxReplacements) {
            verdict = Optional.of("a stream thread failed " + (replacements.size() + 1) + " times within "
                    + WINDOW.toMinutes() + " min (last: " + cause + "); shutting down so the instance is restarted");
            log.error("{}", verdict.get(), exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        replacements.addLast(now);
        log.error("stream thread failed ({}); replacing it, {} of {} replacements within {} min used (state is safe "
                + "in the changelog)", cause, replacements.size(), maxReplacements, WINDOW.toMinutes(), exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** Why the client was shut down, once it was. */
    Optional<String> verdict() {
        return verdict;
    }

    private static String rootCause(Throwable exception) {
        Throwable root = exception;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        String line = root.getClass().getSimpleName() + message;
        return line.length() <= MAX_CAUSE_CHARS ? line : line.substring(0, MAX_CAUSE_CHARS) + "...";
    }
}
