package dev.inferstream.harness.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoProgressTest {

    private final StringWriter out = new StringWriter();

    private static DemoTally tally(long completed, long accepted) {
        return new DemoTally(completed, Map.of("REJECTED", 1L), 1, accepted, completed + 1, 1, 42, DemoTally.Exports.NONE);
    }

    @Test
    void onATerminal_theLineIsRewrittenInPlace_andPaddedOverALongerPreviousLine() {
        DemoProgress progress = new DemoProgress(new PrintWriter(out), true);

        progress.show(tally(100, 200), 200);
        progress.show(tally(1, 20), 200);
        progress.finish();

        String[] frames = out.toString().split("\r");
        assertThat(frames).hasSize(3);
        assertThat(frames[1]).startsWith("accepted 200 | in flight 99 | completed 100 | failed 1 | dead letters 1 |")
                .contains("api calls 42", "101/200 done").doesNotContain("\n");
        assertThat(frames[2]).startsWith("accepted 20 | in flight 18 | completed 1 |").endsWith(" \n")
                .hasSize(frames[1].length() + 1);
    }

    @Test
    void withoutATerminal_plainLinesArePrinted_atMostEveryFewSeconds() {
        DemoProgress progress = new DemoProgress(new PrintWriter(out), false);

        progress.show(tally(1, 10), 10);
        progress.show(tally(2, 10), 10);
        progress.finish();

        assertThat(out.toString()).doesNotContain("\r").hasLineCount(1).startsWith("accepted 10 | in flight 8 | completed 1 |");
    }
}
