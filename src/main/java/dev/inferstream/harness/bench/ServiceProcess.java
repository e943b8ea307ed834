package dev.inferstream.harness.bench;

import dev.inferstream.config.EnvNames;
import dev.inferstream.harness.ServiceJar;
import dev.inferstream.harness.embedded.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One Inferstream instance in a JVM of its own, started as an operator starts it ({@code inferstream run},
 * configured by environment variables only), so that its heap and RSS are the service's alone and not
 * the broker's or the simulator's. Its stdout and stderr go to files next to its state.
 *
 * <p>The JVM runs the production artifact, {@code java -jar inferstream-service.jar run} (see {@link ServiceJar}).
 */
final class ServiceProcess implements AutoCloseable {

    /** A JVM ended by SIGTERM exits with 128 + 15 once its shutdown hooks (closing Streams) have run. */
    static final int SIGTERM_EXIT = 143;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration GC_TIMEOUT = Duration.ofSeconds(60);
    private static final int OUTPUT_TAIL_LINES = 30;

    /** One answer of the ops endpoints. */
    record Answer(int status, String body) {}

    /** Resident memory as the kernel counts it: now and the peak so far (Linux only). */
    record Resident(OptionalLong rssBytes, OptionalLong peakBytes) {}

    private final String name;
    private final Process process;
    private final int port;
    private final Path stdout;
    private final Path stderr;
    private final long startedAtNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

    private ServiceProcess(String name, Process process, int port, Path stdout, Path stderr, long startedAtNanos) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startedAtNanos = startedAtNanos;
    }

    /**
     * Starts {@code inferstream run} with exactly {@code environment} (plus {@code PATH} and an ops port
     * picked here), so nothing in the bench's own environment configures it by accident.
     *
     * @param maxHeap the service JVM's {@code -Xmx}, e.g. {@code 512m}
     */
    static ServiceProcess start(String name, Map<String, String> environment, String maxHeap, Path outputDir)
            throws IOException {
        int port = FreePorts.pick(1)[0];
        Map<String, String> env = new HashMap<>(environment);
        env.put(EnvNames.HTTP_PORT, Integer.toString(port));
        Files.createDirectories(outputDir);
        Path stdout = outputDir.resolve(name + ".out");
        Path stderr = outputDir.resolve(name + ".err");
        long startedAtNanos = System.nanoTime();
        Process process = ServiceJar.start(maxHeap, env, outputDir, stdout, stderr, "run");
        return new ServiceProcess(name, process, port, stdout, stderr, startedAtNanos);
    }

    String name() {
        return name;
    }

    /** {@link System#nanoTime()} just before the JVM was started. */
    long startedAtNanos() {
        return startedAtNanos;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** A GET on the ops port; empty while nothing answers there (starting, or dead). */
    Optional<Answer> get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(HTTP_TIMEOUT).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return Optional.of(new Answer(response.statusCode(), response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted asking " + name + " for " + path, e);
        }
    }

    boolean answers200(String path) {
        return get(path).filter(answer -> answer.status() == 200).isPresent();
    }

    MetricsScrape metrics() {
        Answer answer = get("/metrics").filter(a -> a.status() == 200)
                .orElseThrow(() -> failure("/metrics did not answer 200"));
        return MetricsScrape.parse(answer.body());
    }

    /**
     * Runs a full GC in the service ({@code jcmd <pid> GC.run}), so the heap read next is what is live
     * rather than wherever the collector happened to be.
     */
    void collectGarbage() throws IOException, InterruptedException {
        Path jcmd = ServiceJar.javaBinary().resolveSibling("jcmd");
        if (!Files.isExecutable(jcmd)) {
            throw new IllegalStateException("no jcmd next to " + ServiceJar.javaBinary()
                    + ": the scale bench needs a JDK");
        }
        Process gc = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(GC_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || gc.exitValue() != 0) {
            gc.destroyForcibly();
            throw failure("jcmd GC.run failed or hung");
        }
    }

    /** {@code VmRSS} and {@code VmHWM} from {@code /proc/<pid>/status}; empty where there is no /proc. */
    Resident resident() {
        Path status = Path.of("/proc", Long.toString(pid()), "status");
        if (!Files.isReadable(status)) {
            return new Resident(OptionalLong.empty(), OptionalLong.empty());
        }
        try {
            List<String> lines = Files.readAllLines(status);
            return new Resident(kilobytes(lines, "VmRSS:"), kilobytes(lines, "VmHWM:"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + status, e);
        }
    }

    /** SIGTERM, as an orchestrator stops an instance; returns the exit status once it has exited. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            throw failure("did not exit within " + EXIT_TIMEOUT + " of SIGTERM");
        }
        return process.exitValue();
    }

    /** An exception naming this instance and ending with its last output lines, for a run that went wrong. */
    IllegalStateException failure(String what) {
        return new IllegalStateException(name + " (pid " + pid() + (isAlive() ? "" : ", exited") + "): " + what
                + "; last output:\n" + tail(stdout) + tail(stderr));
    }

    /** Ends the process whatever state it is in; for a run that failed half-way. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private static OptionalLong kilobytes(List<String> statusLines, String field) {
        return statusLines.stream().filter(line -> line.startsWith(field)).findFirst()
                .map(line -> line.substring(field.length()).replace("kB", "").strip())
                .map(value -> OptionalLong.of(Long.parseLong(value) * 1_024))
                .orElse(OptionalLong.empty());
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_TAIL_LINES), lines.size())) + "\n";
        } catch (IOException e) {
            return "(" + file + " unreadable: " + e.getMessage() + ")\n";
        }
    }
}
