package dev.inferstream.harness.bench;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/** Renders the sustained phase as Markdown: every step of every system, then each system's highest sustained rate. Pure. */
final class SustainedTable {

    private static final String NONE = "n/a";

    private SustainedTable() {}

    static String render(List<SustainedFigures> systems, SustainedPlan plan) {
        StringBuilder out = new StringBuilder();
        out.append(MarkdownTable.row("system", "offered req/s", "offered", "terminal", "terminal / offered",
                "backlog at end", "backlog growth", "latency p50", "latency p99", "p99 − job", "calls / req",
                "CPU s / 1k req", "sustained"));
        out.append(MarkdownTable.row("---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:",
                "---:", "---:", "---"));
        for (SustainedFigures system : systems) {
            for (StepFigures step : system.steps()) {
                out.append(MarkdownTable.row(system.system(), Integer.toString(step.rate()),
                        format("%.0f", step.offeredPerSecond()), format("%.0f", step.terminalPerSecond()),
                        format("%.3f", step.offeredPerSecond() > 0 ? step.terminalPerSecond() / step.offeredPerSecond() : 0),
                        Long.toString(step.backlog()), Long.toString(step.backlogGrowth()),
                        millis(step.latency().p50()), millis(step.latency().p99()), millis(step.overheadP99Millis()),
                        MarkdownTable.decimal(step.callsPerRequest(), 2), MarkdownTable.decimal(step.cpuSecondsPer1000(), 2),
                        verdict(step)));
            }
        }
        out.append('\n');
        out.append("Where the latency goes, p50 / p99 of the requests that ended:\n\n");
        out.append(MarkdownTable.row("system", "offered req/s", "offered → POST at the API", "job finished → event written",
                "event written → readable"));
        out.append(MarkdownTable.row("---", "---:", "---:", "---:", "---:"));
        for (SustainedFigures system : systems) {
            for (StepFigures step : system.steps()) {
                out.append(MarkdownTable.row(system.system(), Integer.toString(step.rate()), spread(step.toSubmit()),
                        spread(step.detection()), spread(step.toReadable())));
            }
        }
        out.append('\n');
        out.append(MarkdownTable.row("system", "highest rate sustained (requests/s)"));
        out.append(MarkdownTable.row("---", "---:"));
        for (SustainedFigures system : systems) {
            out.append(MarkdownTable.row(system.system(), highest(system, plan)));
        }
        return out.toString();
    }

    /** "≥" when every planned step was sustained: the system's limit lies above what the bench offered. */
    static String highest(SustainedFigures system, SustainedPlan plan) {
        if (system.highestSustained().isEmpty()) {
            return "none of the steps";
        }
        String rate = format("%,d", system.highestSustained().getAsInt());
        return system.sustainedEveryStep(plan) ? "≥ " + rate + " (every step)" : rate;
    }

    private static String verdict(StepFigures step) {
        if (!step.offeredAsPlanned()) {
            return "bench fell short";
        }
        return step.sustained() ? "yes" : "**no**";
    }

    private static String spread(StepFigures.Spread spread) {
        return spread.p50().isPresent() ? millis(spread.p50()) + " / " + millis(spread.p99()) : NONE;
    }

    private static String millis(OptionalLong value) {
        return value.isPresent() ? value.getAsLong() + " ms" : NONE;
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
