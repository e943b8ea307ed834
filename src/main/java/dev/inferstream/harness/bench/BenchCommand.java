package dev.inferstream.harness.bench;

import dev.inferstream.harness.bench.BenchPlan;
import dev.inferstream.harness.bench.BenchReport;
import dev.inferstream.harness.bench.BenchRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferstream bench}: Inferstream and three baselines, side by side in one JVM, as a Markdown table. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Starts an in-process Kafka broker and the AnnoLab simulator, then runs Inferstream, a naive blocking "
                + "processor, a fixed 1 s poller and an exactly-once pass-through one after another on them, and "
                + "prints their figures as Markdown tables with the targets each meets: first the highest rate each "
                + "sustains (a constant rate in rising steps), then a burst.",
            "Writes the table and a chart to --out. Figures depend on the machine and on whatever else runs on it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the run finished (targets may be unmet; the table says)", "1:the run could not finish"})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "1,000 requests per system and short warm-ups (about 2 minutes) "
            + "instead of 10,000 and, after the systems, the scale measurement with 1,000,000 pending jobs")
    private boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "SYSTEM",
            description = "run only these systems (comma-separated: ${COMPLETION-CANDIDATES}); targets needing "
                    + "a system left out are not judged", completionCandidates = SystemSlugs.class)
    private Set<String> only = Set.of();

    @Option(names = "--stream-threads", defaultValue = "1", paramLabel = "N",
            description = "Kafka Streams threads for Inferstream and the fixed poller (default: ${DEFAULT-VALUE})")
    private int streamThreads;

    @Option(names = "--out", defaultValue = "docs/bench", paramLabel = "DIR",
            description = "where results.md and throughput.png go (default: ${DEFAULT-VALUE})")
    private Path out;

    /** The names {@code --only} accepts. */
    static final class SystemSlugs implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BenchRun.slugs().iterator();
        }
    }

    @Override
    public Integer call() throws Exception {
        Set<String> unknown = new TreeSet<>(only);
        BenchRun.slugs().forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "unknown system(s) " + unknown + "; choose from "
                    + BenchRun.slugs());
        }
        PrintWriter console = spec.commandLine().getOut();
        if (streamThreads < 1) {
            throw new ParameterException(spec.commandLine(), "--stream-threads must be at least 1, was " + streamThreads);
        }
        BenchPlan plan = (quick ? BenchPlan.quickPlan() : BenchPlan.fullPlan()).withStreamThreads(streamThreads);
        BenchReport report = BenchReport.of(plan, Instant.now(), new BenchRun(plan, only, console).run());
        console.println();
        console.print(report.markdown());
        report.writeTo(out);
        console.printf("%nWrote %s and %s%n", out.resolve(BenchReport.TABLE_FILE), out.resolve(BenchReport.CHART_FILE));
        console.flush();
        return 0;
    }
}
