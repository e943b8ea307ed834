package dev.inferstream.harness.demo;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.topology.TopologySettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferstream demo}: the whole system in one JVM, fed a realistic mix of requests. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs everything embedded - a KRaft Kafka broker, an in-memory schema registry, the AnnoLab "
                + "simulator and the processor - publishes sample requests (successes, a rejected one, a timeout, "
                + "a forbidden project, a duplicate, an undecodable record) and shows their progress live.",
        footer = {"",
                "Examples:",
                "  inferstream demo",
                "  inferstream demo --requests 200",
                "  inferstream demo --keep-running      keep the broker and processor up after the summary",
                "",
                "Exit status: 0 when every request ended, 1 when the demo gave up waiting."})
public final class DemoCommand implements Callable<Integer> {

    /** Generous for a loaded 2-core machine; a healthy run ends in well under a minute. */
    private static final Duration DEADLINE = Duration.ofSeconds(100);
    private static final Duration POLL = Duration.ofMillis(250);

    @Spec
    private CommandSpec spec;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "40",
            description = "Distinct requests to publish, at least " + DemoTraffic.MIN_REQUESTS
                    + " (one of each failure and a success; default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--keep-running", description = "Keep everything running after the summary, until Ctrl-C.")
    private boolean keepRunning;

    @Override
    public Integer call() throws InterruptedException {
        if (requests < DemoTraffic.MIN_REQUESTS) {
            throw new ParameterException(spec.commandLine(),
                    "--requests must be at least " + DemoTraffic.MIN_REQUESTS + ", was " + requests);
        }
        DemoLogging.quiet();
        PrintWriter out = spec.commandLine().getOut();
        DemoStack stack = DemoStack.start(out);
        boolean finished;
        try {
            finished = runTraffic(stack, out);
        } catch (RuntimeException | InterruptedException e) {
            stack.close();
            throw e;
        }
        if (keepRunning) {
            out.println("\nStill running; press Ctrl-C to stop.");
            out.flush();
            awaitCtrlC(stack);
        } else {
            stack.close();
        }
        return finished ? 0 : 1;
    }

    private boolean runTraffic(DemoStack stack, PrintWriter out) throws InterruptedException {
        TopologySettings.Topics topics = stack.config().topology().topics();
        List<InferenceRequested> traffic = DemoTraffic.requests(requests);
        try (SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);
             DemoWatch watch = new DemoWatch(stack.bootstrapServers(), stack.config().serdeConfig(), topics,
                     stack.processor().meters())) {
            serde.configure(stack.config().serdeConfig(), false);
            DemoProgress progress = new DemoProgress(out, System.console() != null);
            DemoTraffic.publish(stack.bootstrapServers(), topics.requested(), traffic, serde);
            out.printf("Published %d requests, %d duplicate and %d undecodable record to %s%n", requests,
                    DemoTraffic.DUPLICATES, DemoTraffic.UNDECODABLE, topics.requested());
            DemoTally tally = watch.poll(POLL);
            while (!isDone(tally) && progress.elapsed().compareTo(DEADLINE) < 0) {
                progress.show(tally, requests);
                tally = watch.poll(POLL);
            }
            progress.show(tally, requests);
            progress.finish();
            boolean done = isDone(tally);
            if (!done) {
                out.printf("Gave up waiting after %d s; showing what arrived.%n", DEADLINE.toSeconds());
            }
            DemoSummary.print(out, tally, requests, progress.elapsed(), stack);
            return done;
        }
    }

    private boolean isDone(DemoTally tally) {
        return tally.terminal() >= requests && tally.deadLetters() >= DemoTraffic.UNDECODABLE
                && tally.duplicatesIgnored() >= DemoTraffic.DUPLICATES;
    }

    private static void awaitCtrlC(DemoStack stack) throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stack.close();
            } finally {
                closed.countDown();
            }
        }, "inferstream-demo-shutdown"));
        closed.await();
    }
}
