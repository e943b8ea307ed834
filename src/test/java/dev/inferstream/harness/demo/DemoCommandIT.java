package dev.inferstream.harness.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code inferstream demo} end to end in this JVM: broker, registry, simulator, processor and traffic. */
class DemoCommandIT {

    private static final int REQUESTS = 20;
    /** Requests 0-2 are the rejected, timed-out and forbidden ones; the rest run the fast model. */
    private static final int FAST_MODEL_REQUESTS = REQUESTS - 3;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void demo_endsEveryRequestOnce_andItsSummaryShowsTheExpectedMix() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(Map.of());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(out, true));

        long started = System.nanoTime();
        int status = commandLine.execute("demo", "--requests", String.valueOf(REQUESTS));
        System.out.printf("demo --requests %d took %.1f s in-process%n%s%n", REQUESTS,
                (System.nanoTime() - started) / 1e9, out);

        String summary = out.toString();
        assertThat(status).as(summary).isZero();
        assertThat(summary).contains("Summary: " + REQUESTS + " requests", "Where to look next");
        assertThat(summary).containsPattern("ops +http://localhost:\\d+/metrics");
        long completed = row(summary, "completed");
        long errored = optionalRow(summary, "failed JOB_ERRORED");
        assertThat(completed).isPositive();
        assertThat(completed + errored).as("every fast-model request ended exactly once").isEqualTo(FAST_MODEL_REQUESTS);
        assertThat(row(summary, "failed REJECTED")).isEqualTo(1);
        assertThat(row(summary, "failed TIMED_OUT")).isEqualTo(1);
        assertThat(row(summary, "failed UNAUTHORIZED")).isEqualTo(1);
        assertThat(row(summary, "dead letters")).isEqualTo(1);
        assertThat(row(summary, "duplicates ignored")).isEqualTo(1);
        assertThat(summary).doesNotContain("Gave up waiting", "Exception");
    }

    private static long row(String summary, String label) {
        Matcher matcher = rowPattern(label).matcher(summary);
        assertThat(matcher.find()).as("summary row \"%s\" in%n%s", label, summary).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static long optionalRow(String summary, String label) {
        Matcher matcher = rowPattern(label).matcher(summary);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static Pattern rowPattern(String label) {
        return Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+(\\d+)$");
    }
}
