package dev.inferstream.harness.demo;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.FaultKind;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.service.RunningProcessor;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Utils;

/**
 * Everything the demo runs in this JVM: the embedded {@link Stack} (broker, a schema registry served over
 * loopback HTTP so tools in other processes can use it, AnnoLab simulator) and the processor, configured
 * through the same {@link InferstreamConfig} path as {@code run}.
 */
final class DemoStack implements AutoCloseable {

    static final String FAST_MODEL = "fast-model";
    static final String STUCK_MODEL = "stuck-model";
    static final String PROJECT = "demo-project";
    static final String FORBIDDEN_PROJECT = "locked-project";
    static final String LAYER = "predictions";
    static final String API_KEY = "demo-api-key";
    static final String APPLICATION_ID = "inferstream-demo";
    private static final int PARTITIONS = 3;

    private final Stack stack;
    private final Path stateDir;
    private final InferstreamConfig config;
    private final RunningProcessor processor;

    private DemoStack(Stack stack, Path stateDir, InferstreamConfig config, RunningProcessor processor) {
        this.stack = stack;
        this.stateDir = stateDir;
        this.config = config;
        this.processor = processor;
    }

    static DemoStack start(PrintWriter out) {
        out.println("Starting an embedded Kafka broker (KRaft), a schema registry and the AnnoLab simulator...");
        out.flush();
        Stack stack = Stack.builder(simConfig()).apiKey(API_KEY).registry(Stack.Registry.LOOPBACK)
                .topics(TopologySettings.Topics.defaults(), PARTITIONS).start();
        try {
            out.println("Starting the processor...");
            out.flush();
            Path stateDir = Files.createTempDirectory("inferstream-demo-state");
            InferstreamConfig config = InferstreamConfig.load(environment(stack, stateDir), Optional.empty());
            return new DemoStack(stack, stateDir, config, RunningProcessor.start(config));
        } catch (IOException e) {
            stack.close();
            throw new UncheckedIOException("could not create the demo's state directory", e);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /**
     * Job durations of 1-3 s and quick polling keep the demo short; the faults make retries visible;
     * a 10% errored share makes at least one JOB_ERRORED likely among the successes.
     */
    private static SimConfig simConfig() {
        return SimConfig.defaults().toBuilder()
                .models(List.of(new SimModel(100, FAST_MODEL, DurationSpec.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3))),
                        new SimModel(102, STUCK_MODEL, DurationSpec.never()),
                        new SimModel(103, SimConfig.DOCUMENTED_MODEL,
                                DurationSpec.uniform(Duration.ofSeconds(2), Duration.ofSeconds(5)))))
                .erroredShare(0.1)
                .fault(FaultKind.INTERNAL_ERROR, 0.03)
                .fault(FaultKind.RATE_LIMITED, 0.02)
                .serverInstances(1)
                .build();
    }

    private static Map<String, String> environment(Stack stack, Path stateDir) {
        Map<String, String> environment = new LinkedHashMap<>(stack.serviceEnvironment());
        environment.put(EnvNames.APPLICATION_ID, APPLICATION_ID);
        environment.put(EnvNames.STATE_DIR, stateDir.toString());
        environment.put(EnvNames.ADVERTISED_HOST, "localhost");
        environment.put(EnvNames.HTTP_PORT, String.valueOf(FreePorts.pick(1)[0]));
        environment.put(EnvNames.POLL_INITIAL_DELAY_MILLIS, "1000");
        environment.put(EnvNames.POLL_MAX_INTERVAL_SECONDS, "1");
        environment.put(EnvNames.CALL_TIMEOUT_SECONDS, "5");
        return environment;
    }

    InferstreamConfig config() {
        return config;
    }

    RunningProcessor processor() {
        return processor;
    }

    String bootstrapServers() {
        return stack.bootstrapServers();
    }

    /** The commands to try against what keeps running, with its real addresses. */
    DemoNextSteps nextSteps(int requests) {
        return new DemoNextSteps(stack.bootstrapServers(), stack.registryUrl(), stack.simulator().baseUrl(),
                stack.apiKey(), processor.opsPort(), APPLICATION_ID, FreePorts.pick(1)[0], requests);
    }

    @Override
    public void close() {
        try {
            processor.close();
        } finally {
            stack.close();
            try {
                Utils.delete(stateDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete " + stateDir, e);
            }
        }
    }
}
