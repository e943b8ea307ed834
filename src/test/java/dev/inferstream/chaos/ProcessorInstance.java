package dev.inferstream.chaos;

import dev.inferstream.harness.ServiceJar;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One processor instance as an operator runs it: {@code java -jar inferstream-service.jar run} in its own
 * JVM, configured only by environment variables, keeping its state directory and ops port across
 * restarts. Each start (an incarnation) writes its stdout and stderr to its own files.
 */
final class ProcessorInstance {

    private static final String SUSPECTED_DOUBLE = "inferstream_submissions_suspected_double_total";
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final int httpPort;
    private final Map<String, String> environment;
    private final Path outputDir;
    private final OpsAnswers ops;
    private Process process;
    private int incarnations;
    /** Last suspected-double count scraped from each incarnation; a SIGKILL loses any later increments. */
    private double suspectedDoubleOfEarlierIncarnations;
    private double suspectedDoubleOfCurrent;

    ProcessorInstance(String name, int httpPort, Map<String, String> environment, Path outputDir, OpsAnswers ops) {
        this.name = name;
        this.httpPort = httpPort;
        this.environment = Map.copyOf(environment);
        this.outputDir = outputDir;
        this.ops = ops;
    }

    String name() {
        return name;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    synchronized void start() throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running");
        }
        incarnations++;
        suspectedDoubleOfEarlierIncarnations += suspectedDoubleOfCurrent;
        suspectedDoubleOfCurrent = 0;
        String stem = name + "-run" + incarnations;
        process = ServiceJar.start("384m", environment, outputDir, outputDir.resolve(stem + ".out"),
                outputDir.resolve(stem + ".err"), "run");
    }

    /** SIGKILL: no shutdown hook, no commit, no leaving the group, exactly like a crashed host. */
    synchronized void kill() throws InterruptedException {
        scrapeSuspectedDoubles();
        process.destroyForcibly();
        process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** SIGTERM, as an orchestrator scaling down does; returns the exit status. */
    synchronized int stop() throws InterruptedException {
        scrapeSuspectedDoubles();
        process.destroy();
        if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " did not exit within " + EXIT_TIMEOUT + " of SIGTERM");
        }
        return process.exitValue();
    }

    boolean isReady() {
        return isRunning() && ops.get(httpPort, "/health/ready").filter(answer -> answer.status() == 200).isPresent();
    }

    /** Scrapes /metrics and remembers this incarnation's suspected double submissions. */
    synchronized void scrapeSuspectedDoubles() {
        metrics().flatMap(body -> value(body, SUSPECTED_DOUBLE))
                .ifPresent(count -> suspectedDoubleOfCurrent = count);
    }

    /** This incarnation's {@code /metrics} answer, or empty when it is not running or does not answer. */
    Optional<String> metrics() {
        if (!isRunning()) {
            return Optional.empty();
        }
        return ops.get(httpPort, "/metrics").map(OpsAnswers.Scraped::body);
    }

    /** The sum of a meter's series (every tag combination) in a {@code /metrics} answer. */
    static double sum(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    /** The value of an untagged meter (or of the first series of a tagged one) in a {@code /metrics} answer. */
    static Optional<Double> value(String metrics, String name) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? ([0-9.eE+-]+|NaN)$")
                .matcher(metrics);
        return matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    /** Sum over incarnations of the last scraped count: what the instances were seen to suspect, a lower bound. */
    synchronized double suspectedDoublesSeen() {
        return suspectedDoubleOfEarlierIncarnations + suspectedDoubleOfCurrent;
    }

    Optional<OpsAnswers.Scraped> job(String requestId) {
        return ops.get(httpPort, "/jobs/" + requestId);
    }

    int incarnations() {
        return incarnations;
    }

    /** Ends the process whatever state it is in; for cleanup after a failed run. */
    synchronized void destroy() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }
}
