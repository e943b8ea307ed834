package dev.inferstream.harness.demo;

import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.topology.TopologySettings;
import java.io.PrintWriter;
import java.time.Duration;

/** The table the demo ends with, and where to look next. */
final class DemoSummary {

    private static final String ROW = "  %-28s %6d%n";

    private DemoSummary() {
    }

    static void print(PrintWriter out, DemoTally tally, int requests, Duration took, DemoStack stack) {
        out.printf("%nSummary: %d requests in %.1f s%n", requests, took.toMillis() / 1000.0);
        out.printf(ROW, "completed", tally.completed());
        tally.failedByReason().forEach((reason, count) -> out.printf(ROW, "failed " + reason, count));
        out.printf(ROW, "dead letters", tally.deadLetters());
        out.printf(ROW, "duplicates ignored", tally.duplicatesIgnored());
        out.printf(ROW, "AnnoLab API calls", tally.apiCalls());

        InferstreamConfig config = stack.config();
        TopologySettings.Topics topics = config.topology().topics();
        out.printf("%nWhere to look next%n");
        out.printf("  topics     %s -> %s | %s, undecodable records in %s (broker %s)%n", topics.requested(),
                topics.completed(), topics.failed(), topics.deadLetters(), stack.bootstrapServers());
        int port = stack.processor().opsPort();
        out.printf("  ops        http://localhost:%d/metrics | /health/ready | /jobs/<requestId>%n", port);
        out.printf("  simulator  %s/_sim/stats%n", stack.simulatorUrl());
        out.printf("  your turn  inferstream run --help   |   inferstream submit --help%n");
        out.flush();
    }
}
