package dev.inferstream.replay;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Shows a replay's progress: a bar redrawn in place on a terminal, or a plain line now and then when
 * the output goes to a file or a log collector, where carriage returns would only make noise.
 */
public sealed interface ProgressView permits ProgressView.TerminalBar, ProgressView.PlainLines {

    /** Called often; draws only when its interval has passed, so callers need not throttle. */
    void update(Progress progress);

    /** Draws the final state and ends the line. */
    void finish(Progress progress);

    /** The bar on a terminal ({@code System.console() != null}), plain lines otherwise. */
    static ProgressView forOutput(boolean terminal, Consumer<String> out, LongSupplier millis) {
        return terminal ? new TerminalBar(out, millis) : new PlainLines(out, millis, Duration.ofSeconds(5));
    }

    final class TerminalBar implements ProgressView {
        private static final long REDRAW_MILLIS = 200;
        private static final int WIDTH = 30;
        private final Consumer<String> out;
        private final LongSupplier millis;
        private long drawnAt = Long.MIN_VALUE / 2;

        public TerminalBar(Consumer<String> out, LongSupplier millis) {
            this.out = out;
            this.millis = millis;
        }

        @Override
        public void update(Progress progress) {
            long now = millis.getAsLong();
            if (now - drawnAt >= REDRAW_MILLIS) {
                drawnAt = now;
                out.accept("\r" + render(progress));
            }
        }

        @Override
        public void finish(Progress progress) {
            out.accept("\r" + render(progress) + System.lineSeparator());
        }

        static String render(Progress progress) {
            int filled = (int) Math.round(progress.fractionScanned() * WIDTH);
            return String.format(Locale.ROOT, "[%s%s] %3.0f%% scanned %,d matched %,d published %,d %.0f/s ETA %s",
                    "#".repeat(filled), ".".repeat(WIDTH - filled), progress.fractionScanned() * 100,
                    progress.scanned(), progress.matched(), progress.published(),
                    progress.publishRate(), progress.eta().map(ProgressView::clock).orElse("--:--"));
        }
    }

    final class PlainLines implements ProgressView {
        private final Consumer<String> out;
        private final LongSupplier millis;
        private final long intervalMillis;
        private long printedAt;

        public PlainLines(Consumer<String> out, LongSupplier millis, Duration interval) {
            this.out = out;
            this.millis = millis;
            this.intervalMillis = interval.toMillis();
            // The first line comes one interval in: a short replay prints only its summary.
            this.printedAt = millis.getAsLong();
        }

        @Override
        public void update(Progress progress) {
            long now = millis.getAsLong();
            if (now - printedAt >= intervalMillis) {
                printedAt = now;
                out.accept(render(progress) + System.lineSeparator());
            }
        }

        @Override
        public void finish(Progress progress) {
            // The summary follows; a last progress line would repeat it.
        }

        static String render(Progress progress) {
            return String.format(Locale.ROOT, "replay progress: %.0f%% of the window, scanned %d, matched %d, "
                            + "published %d, %.1f/s, ETA %s", progress.fractionScanned() * 100, progress.scanned(),
                    progress.matched(), progress.published(), progress.publishRate(),
                    progress.eta().map(ProgressView::clock).orElse("unknown"));
        }
    }

    private static String clock(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
