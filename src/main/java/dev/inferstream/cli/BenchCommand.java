package dev.inferstream.cli;

import dev.inferstream.bench.BenchPlan;
import dev.inferstream.bench.BenchReport;
import dev.inferstream.bench.BenchRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream bench}: Inferstream and three baselines, side by side in one JVM, as a Markdown table. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts an in-process Kafka broker and the AnnoLab simulator, then runs Inferstream, a naive blocking "
                + "processor, a fixed 1 s poller and an exactly-once pass-through one after another on them, and "
                + "prints their figures as a Markdown table with the targets each meets.",
            "Writes the table and a chart to --out. Figures depend on the machine and on whatever else runs on it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished (targets may be unmet; the table says)", "1:the run could not finish"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "1,000 requests per system and short warm-ups (about 2 minutes) "
            + "instead of 10,000")
    private boolean quick;

    @Option(names = "--out", defaultValue = "docs/bench", paramLabel = "DIR",
            description = "where results.md and throughput.png go (default: ${DEFAULT-VALUE})")
    private Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter console = spec.commandLine().getOut();
        BenchPlan plan = quick ? BenchPlan.quickPlan() : BenchPlan.fullPlan();
        BenchReport report = BenchReport.of(plan, Instant.now(), new BenchRun(plan, console).run());
        console.println();
        console.print(report.markdown());
        report.writeTo(out);
        console.printf("%nWrote %s and %s%n", out.resolve(BenchReport.TABLE_FILE), out.resolve(BenchReport.CHART_FILE));
        console.flush();
        return 0;
    }
}
