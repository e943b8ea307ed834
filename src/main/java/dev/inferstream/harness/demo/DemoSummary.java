package dev.inferstream.harness.demo;

import java.io.PrintWriter;
import java.time.Duration;

/** The table the demo ends with; without --keep-running, how to keep everything up to try it. */
final class DemoSummary {

    private static final String ROW = "  %-28s %6d%n";

    private DemoSummary() {
    }

    static void print(PrintWriter out, DemoTally tally, int requests, Duration took, boolean keepRunning) {
        out.printf("%nSummary: %d requests in %.1f s%n", requests, took.toMillis() / 1000.0);
        out.printf(ROW, "completed", tally.completed());
        out.printf(ROW, "completed with results", tally.exports().delivered());
        if (tally.exports().failed() > 0) {
            out.printf(ROW, "completed, export failed", tally.exports().failed());
        }
        tally.failedByReason().forEach((reason, count) -> out.printf(ROW, "failed " + reason, count));
        out.printf(ROW, "dead letters", tally.deadLetters());
        out.printf(ROW, "duplicates ignored", tally.duplicatesIgnored());
        out.printf(ROW, "AnnoLab API calls", tally.apiCalls());
        tally.exports().firstDownloadUrl().ifPresent(url -> out.printf("%nA download URL from a completed event "
                + "(it expires; anyone holding it can download the file):%n  %s%n", url));

        if (!keepRunning) {
            out.printf("%nEverything has stopped. `inferstream demo --keep-running` keeps the broker, registry,%n"
                    + "simulator and processor up and prints commands to try against them.%n");
        }
        out.flush();
    }
}
