package dev.inferstream.harness.sim;

import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.FaultConfig;
import dev.inferstream.harness.sim.FaultKind;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimConfigFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code inferstream annolab-sim}: the simulator as a long-running server. Settings come from the
 * defaults, then {@code --config}, then {@code ANNOLAB_API_KEY}, then the other flags, later ones winning.
 */
@Command(name = "annolab-sim",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
                "Runs a simulator of AnnoLab's Model Inferences API (POST/GET /v1/infer/batch) and export API"
                        + " (POST /v1/export/project, GET the status URL, GET the signed download URL) until Ctrl-C.",
                "Also serves GET /_sim/stats, POST /_sim/reset and POST /_sim/keys/rotate"
                        + " ({\"from\":OLD,\"to\":NEW,\"graceSeconds\":N}: OLD stays accepted N s). Default data: project 1 \"demo-project\""
                        + " (layers 10 \"predictions\", 11 \"entities\"), project 2 \"locked-project\" (403),"
                        + " project 3 \"Sample Project\" (layer 30 \"Gold Set\"), models \"fast-model\" (1-3 s),"
                        + " \"slow-model\" (8 s), \"stuck-model\" (never finishes) and \"Staple + Classify"
                        + " Documents\" (2-5 s): AnnoLab's documented example request works unchanged."},
        footerHeading = "%nExamples:%n",
        footer = {
                "  inferstream annolab-sim --api-key dev-key",
                "  ANNOLAB_API_KEY=dev-key inferstream annolab-sim --port 9000 --trailing-comma",
                "  inferstream annolab-sim --errored-share 0.2 --fault rate-limited=0.05 \\",
                "      --fault dropped=0.01 --retry-after 2",
                "  inferstream annolab-sim --config sim.json --base-latency-ms 50 --seed 7",
                "",
                "Fault kinds: rate-limited (429 + Retry-After), internal-error (500),",
                "  bad-gateway (502), unavailable (503), slow (answers after --slow-ms),",
                "  dropped (closes the connection without answering).",
                "",
                "A --config file (sim.json):",
                "  {\"apiKeys\": [\"dev-key\"], \"erroredShare\": 0.05,",
                "   \"projects\": [{\"id\": 1, \"name\": \"acme\", \"permitted\": true,",
                "                 \"layers\": [{\"id\": 10, \"name\": \"predictions\"}]}],",
                "   \"models\": [{\"id\": 100, \"name\": \"ocr\", \"duration\": \"1000..3000\"}],",
                "   \"faults\": {\"probabilities\": {\"rate-limited\": 0.05}}}"})
public final class AnnoLabSimCommand implements Callable<Integer> {

    static final String API_KEY_ENV = "ANNOLAB_API_KEY";
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "JSON file of settings over the defaults, fields: host, port, apiKeys, projects "
                    + "[{id, name, permitted, layers [{id, name}]}], models [{id, name, duration: \"ms\", "
                    + "\"min..max\" or \"never\"}], erroredShare, queuedMillis, baseLatencyMillis, faults "
                    + "{probabilities {KIND: P}, retryAfterSeconds, slowDelayMillis}, trailingComma, seed, "
                    + "serverInstances, exports {duration, erroredShare, downloadUrlLifetimeSeconds, statusBase}. "
                    + "Unknown fields are errors. Example below.")
    private Optional<Path> configFile;

    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default: " + SimConfig.DEFAULT_HOST + ").")
    private Optional<String> host;

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port, 0 for a free one (default: " + SimConfig.DEFAULT_PORT + ").")
    private Optional<Integer> port;

    @Option(names = "--api-key", paramLabel = "KEY",
            description = "Accepted API key; repeat for several. Default: $" + API_KEY_ENV + ", else the config's.")
    private List<String> apiKeys = List.of();

    @Option(names = "--trailing-comma", negatable = true,
            description = "Answer submits with the trailing comma AnnoLab's docs show (default: off).")
    private Optional<Boolean> trailingComma;

    @Option(names = "--errored-share", paramLabel = "SHARE",
            description = "Share of jobs that end Errored, 0..1 (default: " + SimConfig.DEFAULT_ERRORED_SHARE + ").")
    private Optional<Double> erroredShare;

    @Option(names = "--fault", paramLabel = "KIND=P", description = "Inject a fault into share P of API requests; repeatable.")
    private Map<String, Double> faults = new LinkedHashMap<>();

    @Option(names = "--retry-after", paramLabel = "SECONDS", description = "Retry-After of 429 answers (default: 1).")
    private Optional<Integer> retryAfterSeconds;

    @Option(names = "--slow-ms", paramLabel = "MILLIS", description = "Delay of slow answers (default: 2000).")
    private Optional<Long> slowMillis;

    @Option(names = "--base-latency-ms", paramLabel = "MILLIS", description = "Delay before every API answer (default: 0).")
    private Optional<Long> baseLatencyMillis;

    @Option(names = "--seed", paramLabel = "SEED", description = "Seed for job outcomes, durations and faults (default: " + SimConfig.DEFAULT_SEED + ").")
    private Optional<Long> seed;

    @Option(names = "--instances", paramLabel = "N", description = "Server instances, one per event loop (default: number of cores).")
    private Optional<Integer> instances;

    @Option(names = "--export-duration", paramLabel = "MILLIS|MIN..MAX|never",
            description = "How long an export runs (default: " + ExportConfig.DEFAULT_DURATION_TEXT + ").")
    private Optional<String> exportDuration;

    @Option(names = "--export-errored-share", paramLabel = "SHARE",
            description = "Share of exports that end errored, 0..1 (default: " + ExportConfig.DEFAULT_ERRORED_SHARE + ").")
    private Optional<Double> exportErroredShare;

    @Option(names = "--download-url-lifetime-s", paramLabel = "SECONDS",
            description = "How long a signed download URL works (default: "
                    + ExportConfig.DEFAULT_DOWNLOAD_URL_LIFETIME_SECONDS + ").")
    private Optional<Long> downloadUrlLifetimeSeconds;

    @Option(names = "--export-status-base", paramLabel = "URL",
            description = "Point export status URLs at this base instead of the simulator's own, to test a "
                    + "client's refusal of foreign status URLs (default: the simulator's own).")
    private Optional<URI> exportStatusBase;

    private final Map<String, String> environment;
    private final CompletableFuture<String> listening = new CompletableFuture<>();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    public AnnoLabSimCommand() {
        this(System.getenv());
    }

    AnnoLabSimCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        SimConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException | IOException e) {
            listening.completeExceptionally(e);
            spec.commandLine().getErr().println("annolab-sim: " + e.getMessage());
            return spec.exitCodeOnInvalidInput();
        }
        AnnoLabSimulator simulator;
        try {
            simulator = AnnoLabSimulator.startBlocking(config);
        } catch (RuntimeException e) {
            listening.completeExceptionally(e);
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        // SIGTERM and Ctrl-C run shutdown hooks while this thread still waits below; the hook lets it close cleanly.
        Thread hook = new Thread(this::stopAndWait, "annolab-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            out.printf("AnnoLab simulator listening on %s (%d API key(s)%s); Ctrl-C stops it.%n", simulator.baseUrl(),
                    config.apiKeys().size(), config.apiKeys().equals(SimConfig.defaults().apiKeys())
                            ? ", key \"" + SimConfig.DEFAULT_API_KEY + "\"" : "");
            config.projects().forEach(project -> out.printf("  project %d \"%s\"%s, layers %s%n", project.id(),
                    project.name(), project.permitted() ? "" : " (403: no permission)",
                    project.layers().stream().map(layer -> layer.id() + " \"" + layer.name() + "\"").toList()));
            config.models().forEach(model -> out.printf("  model %d \"%s\", runs %s%n", model.id(), model.name(),
                    model.duration() instanceof DurationSpec.Never ? "forever" : model.duration().text() + " ms"));
            out.flush();
            listening.complete(simulator.baseUrl());
            stopRequested.join();
        } finally {
            simulator.close();
            closed.complete(null);
            removeHook(hook);
        }
        return 0;
    }

    /** Completes with the base URL once the server listens; for callers running the command in-process. */
    public CompletionStage<String> listening() {
        return listening;
    }

    /** Makes {@link #call()} close the simulator and return, as Ctrl-C would. */
    public void requestStop() {
        stopRequested.complete(null);
    }

    private void stopAndWait() {
        requestStop();
        try {
            closed.get(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException e) {
            spec.commandLine().getErr().println("simulator did not close cleanly: " + e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already running the hooks, ours included; nothing to undo.
        }
    }

    private SimConfig config() throws IOException {
        SimConfig base = configFile.isPresent()
                ? SimConfigFile.read(configFile.get(), SimConfig.defaults())
                : SimConfig.defaults();
        SimConfig.Builder builder = base.toBuilder();
        Optional.ofNullable(environment.get(API_KEY_ENV)).filter(key -> !key.isBlank()).ifPresent(builder::apiKeys);
        if (!apiKeys.isEmpty()) {
            builder.apiKeys(apiKeys);
        }
        host.ifPresent(builder::host);
        port.ifPresent(builder::port);
        trailingComma.ifPresent(builder::trailingComma);
        erroredShare.ifPresent(builder::erroredShare);
        FaultConfig faultConfig = base.faults();
        for (Map.Entry<String, Double> fault : faults.entrySet()) {
            faultConfig = faultConfig.withProbability(FaultKind.fromExternalName(fault.getKey()), fault.getValue());
        }
        if (retryAfterSeconds.isPresent()) {
            faultConfig = faultConfig.withRetryAfterSeconds(retryAfterSeconds.get());
        }
        if (slowMillis.isPresent()) {
            faultConfig = faultConfig.withSlowDelay(Duration.ofMillis(slowMillis.get()));
        }
        builder.faults(faultConfig);
        baseLatencyMillis.map(Duration::ofMillis).ifPresent(builder::baseLatency);
        seed.ifPresent(builder::seed);
        instances.ifPresent(builder::serverInstances);
        exportDuration.map(DurationSpec::parse).ifPresent(builder::exportDuration);
        exportErroredShare.ifPresent(builder::exportErroredShare);
        downloadUrlLifetimeSeconds.map(Duration::ofSeconds).ifPresent(builder::downloadUrlLifetime);
        exportStatusBase.ifPresent(builder::exportStatusBase);
        return builder.build();
    }
}
