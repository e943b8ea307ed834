package dev.inferstream.harness.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.StringJoiner;

/** Renders a run's figures and judged targets as GitHub-flavoured Markdown. Pure. */
public final class MarkdownTable {

    private static final String NONE = "n/a";

    private MarkdownTable() {}

    public static String render(List<SystemFigures> figures, List<Ratio> targets) {
        StringBuilder out = new StringBuilder();
        out.append(row("system", "requests", "ended", "submitted/s", "terminal/s", "checks/job", "delay p50",
                "delay p99", "p99 delay / job", "peak calls/s", "calls/s backlogged", "limit", "CPU s / 1k req"));
        out.append(row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
                "---:"));
        for (SystemFigures f : figures) {
            out.append(row(f.system(), Long.toString(f.requests()), Long.toString(f.ended()),
                    decimal(f.submitPerSecond(), 1), decimal(OptionalDouble.of(f.terminalPerSecond()), 2),
                    decimal(f.checksPerJob(), 2), millis(f.delayP50Millis()), millis(f.delayP99Millis()),
                    decimal(f.delayP99Share(), 2), count(f.peakCallsPerSecond()), decimal(f.backloggedCallsPerSecond(), 0),
                    decimal(f.callLimit(), 0), decimal(f.cpuSecondsPer1000(), 1)));
        }
        out.append('\n');
        out.append(row("figure", "value", "target", "met"));
        out.append(row("---", "---:", "---", "---"));
        for (Ratio ratio : targets) {
            out.append(row(ratio.label(), ratio.text(), ratio.target(), ratio.met() ? "yes" : "**no**"));
        }
        return out.toString();
    }

    /** One table row; {@link ScaleFigures} renders its table with it too. */
    static String row(String... cells) {
        StringJoiner joiner = new StringJoiner(" | ", "| ", " |\n");
        for (String cell : cells) {
            joiner.add(cell);
        }
        return joiner.toString();
    }

    static String decimal(OptionalDouble value, int places) {
        return value.isPresent() ? String.format(Locale.ROOT, "%." + places + "f", value.getAsDouble()) : NONE;
    }

    private static String millis(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() + " ms" : NONE;
    }

    private static String count(OptionalLong value) {
        return value.isPresent() ? Long.toString(value.getAsLong()) : NONE;
    }
}
