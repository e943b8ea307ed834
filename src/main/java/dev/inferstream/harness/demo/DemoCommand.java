package dev.inferstream.harness.demo;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.service.InterruptHook;
import dev.inferstream.topology.TopologySettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferstream demo}: the whole system in one JVM, fed a realistic mix of requests. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = "Runs everything embedded - a KRaft Kafka broker, a schema registry, the AnnoLab simulator "
                + "and the processor - publishes sample requests (successes, a rejected one, a timeout, a "
                + "forbidden project, a duplicate, an undecodable record) and shows their progress live.",
        footer = {"",
                "Examples:",
                "  inferstream demo",
                "  inferstream demo --requests 200",
                "  inferstream demo --keep-running     keep it all up after the summary and",
                "                                      print commands to try against it",
                "",
                "Exit status: 0 when every request ended, 1 when the demo gave up waiting,",
                "2 for an invalid command line, 130 after Ctrl-C (how --keep-running ends)."})
public final class DemoCommand implements Callable<Integer> {

    /** Generous for a loaded 2-core machine; a healthy run ends in well under a minute. */
    private static final Duration DEADLINE = Duration.ofSeconds(100);
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--requests", paramLabel = "N", defaultValue = "40",
            description = "Distinct requests to publish, at least " + DemoTraffic.MIN_REQUESTS
                    + " (one of each failure and a success; default: ${DEFAULT-VALUE}).")
    private int requests;

    @Option(names = "--keep-running", description = "Keep everything running after the summary, until Ctrl-C, "
            + "and print commands with its addresses to try against it.")
    private boolean keepRunning;

    /** Released by Ctrl-C (the shutdown hook) or by {@link #requestStop()}. */
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CompletableFuture<List<String>> nextSteps = new CompletableFuture<>();

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
            DemoNextSteps steps = stack.nextSteps(requests);
            steps.print(out);
            nextSteps.complete(steps.lines());
            awaitStop(stack);
        } else {
            stack.close();
        }
        return finished ? 0 : 1;
    }

    /** With --keep-running: the commands printed for the user, once everything runs; for in-process callers. */
    public CompletionStage<List<String>> nextSteps() {
        return nextSteps;
    }

    /** Makes a --keep-running demo close everything and return, as Ctrl-C would. */
    public void requestStop() {
        stopRequested.countDown();
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
            DemoSummary.print(out, tally, requests, progress.elapsed(), keepRunning);
            return done;
        }
    }

    private boolean isDone(DemoTally tally) {
        return tally.terminal() >= requests && tally.deadLetters() >= DemoTraffic.UNDECODABLE
                && tally.duplicatesIgnored() >= DemoTraffic.DUPLICATES;
    }

    private void awaitStop(DemoStack stack) throws InterruptedException {
        InterruptHook onInterrupt = InterruptHook.install("inferstream-demo-shutdown", this::requestStop,
                SHUTDOWN_WAIT);
        try {
            stopRequested.await();
        } finally {
            try {
                stack.close();
            } finally {
                onInterrupt.close();
            }
        }
    }
}
