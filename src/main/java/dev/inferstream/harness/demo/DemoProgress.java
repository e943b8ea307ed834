package dev.inferstream.harness.demo;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The live progress line: rewritten in place with {@code \r} on a terminal, printed as a plain line
 * every few seconds otherwise, so logs and CI output stay readable.
 */
final class DemoProgress {

    private static final Duration PLAIN_EVERY = Duration.ofSeconds(3);

    private final PrintWriter out;
    private final boolean terminal;
    private final long startedAt = System.nanoTime();
    private long lastPlainAt = -PLAIN_EVERY.toNanos();
    private int lastWidth;

    DemoProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(DemoTally tally, int expected) {
        Duration elapsed = elapsed();
        String line = String.format("accepted %d | in flight %d | completed %d | failed %d | dead letters %d "
                        + "| %.1f/s | api calls %d | %d/%d done | %.0f s",
                tally.accepted(), tally.inFlight(), tally.completed(), tally.failed(), tally.deadLetters(),
                tally.terminal() / Math.max(0.001, elapsed.toMillis() / 1000.0), tally.apiCalls(),
                tally.terminal(), expected, elapsed.toMillis() / 1000.0);
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
            lastWidth = line.length();
            out.flush();
        } else if (elapsed.toNanos() - lastPlainAt >= PLAIN_EVERY.toNanos()) {
            lastPlainAt = elapsed.toNanos();
            out.println(line);
            out.flush();
        }
    }

    /** Ends the rewritten line so what follows starts on a fresh one. */
    void finish() {
        if (terminal) {
            out.println();
            out.flush();
        }
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }
}
