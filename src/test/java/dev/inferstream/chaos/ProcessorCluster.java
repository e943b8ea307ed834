package dev.inferstream.chaos;

import static org.awaitility.Awaitility.await;

import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The processors of one application id against one {@link Stack}, each a separate service JVM with its own
 * state directory and ops port, configured as the suites run them: short polls and call timeouts, a
 * 100 ms commit interval, one stream thread, and the broker's shortest session timeout so a SIGKILLed
 * member's tasks move soon.
 */
final class ProcessorCluster {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Stack stack;
    private final String applicationId;
    private final Path output;
    private final Path stateRoot;
    private final OpsAnswers ops;
    private final Map<String, String> settings;
    private final List<ProcessorInstance> instances = new ArrayList<>();

    /**
     * Empties {@code output} (process output only) and {@code stateRoot} from earlier runs.
     *
     * @param settings variables of this suite's own, over the common ones
     */
    ProcessorCluster(Stack stack, String applicationId, Path output, Path stateRoot, OpsAnswers ops,
                     Map<String, String> settings) throws IOException {
        this.stack = stack;
        this.applicationId = applicationId;
        this.output = output;
        this.stateRoot = stateRoot;
        this.ops = ops;
        this.settings = Map.copyOf(settings);
        deleteRecursively(output);
        deleteRecursively(stateRoot);
        Files.createDirectories(output);
        Files.createDirectories(stateRoot);
    }

    /** A new instance (not started) named {@code instance-<suffix>}. */
    ProcessorInstance add(String suffix) throws IOException {
        String name = "instance-" + suffix;
        Path stateDir = Files.createDirectories(stateRoot.resolve(suffix));
        int port = FreePorts.pick(1)[0];
        Map<String, String> env = new LinkedHashMap<>(stack.serviceEnvironment());
        env.put("INFERSTREAM_APPLICATION_ID", applicationId);
        env.put("INFERSTREAM_STATE_DIR", stateDir.toAbsolutePath().toString());
        env.put("INFERSTREAM_HTTP_PORT", Integer.toString(port));
        env.put("INFERSTREAM_ADVERTISED_HOST", "127.0.0.1");
        env.put("INFERSTREAM_TICK_MILLIS", "100");
        env.put("INFERSTREAM_POLL_INITIAL_DELAY_MILLIS", "1000");
        env.put("INFERSTREAM_POLL_MAX_INTERVAL_SECONDS", "2");
        env.put("INFERSTREAM_CALL_TIMEOUT_SECONDS", "5");
        env.put("KAFKA_COMMIT_INTERVAL_MS", "100");
        env.put("KAFKA_NUM_STREAM_THREADS", "1");
        // A SIGKILLed member's tasks move after the session timeout; the broker's minimum keeps the suites short.
        env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
        env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1500");
        env.putAll(settings);
        ProcessorInstance instance = new ProcessorInstance(name, port, env, output, ops);
        instances.add(instance);
        return instance;
    }

    List<ProcessorInstance> instances() {
        return List.copyOf(instances);
    }

    List<ProcessorInstance> running() {
        return instances.stream().filter(ProcessorInstance::isRunning).toList();
    }

    /** Waits until every instance that should run answers ready; one that exited on its own fails the run. */
    void awaitRunningReady(String description) {
        List<ProcessorInstance> expected = running();
        await(description).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (ProcessorInstance instance : expected) {
                if (!instance.isRunning()) {
                    throw new AssertionError(instance.name() + " exited on its own; see " + output);
                }
            }
            return expected.stream().allMatch(ProcessorInstance::isReady);
        });
    }

    void destroyAll() throws InterruptedException {
        for (ProcessorInstance instance : instances) {
            instance.destroy();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
