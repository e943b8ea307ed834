package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.config.EnvNames;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.harness.ServiceJar;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.testkit.TopicReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production artifact, {@code inferstream-service.jar} (what the Dockerfile ships), holds the product
 * and none of the harness, and runs {@code run}, {@code submit} and {@code replay} as separate processes
 * against a broker, a loopback registry and the AnnoLab simulator.
 */
class ServiceJarIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String PROJECT = "demo-project";
    private static final String MODEL = "quick-model";

    @TempDir
    Path work;
    private Stack stack;
    private final List<Process> processes = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void startStack() {
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                        .models(List.of(new SimModel(200, MODEL, DurationSpec.fixed(Duration.ofMillis(500)))))
                        .erroredShare(0)
                        .build())
                .registry(Stack.Registry.LOOPBACK)
                .start();
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        stack.close();
    }

    @Test
    void serviceJar_holdsNoHarnessBrokerOrChartClasses_andIsMuchSmallerThanTheFullJar() throws IOException {
        Path serviceJar = ServiceJar.locate();
        Path fullJar = serviceJar.resolveSibling("inferstream-all.jar");
        try (JarFile jar = new JarFile(serviceJar.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();
            assertThat(names).contains("dev/inferstream/cli/Main.class", "dev/inferstream/service/RunningProcessor.class");
            assertThat(names).noneMatch(name -> name.startsWith("dev/inferstream/harness/"))
                    .noneMatch(name -> name.startsWith("kafka/server/"))
                    .noneMatch(name -> name.startsWith("org/apache/kafka/raft/"))
                    .noneMatch(name -> name.startsWith("scala/"))
                    .noneMatch(name -> name.startsWith("org/jfree/"))
                    .doesNotContain("META-INF/services/dev.inferstream.cli.CommandProvider");
        }
        long service = Files.size(serviceJar);
        long full = Files.size(fullJar);
        System.out.printf("service jar %,d bytes, full jar %,d bytes (%.0f%%)%n", service, full, 100.0 * service / full);
        assertThat(service).isLessThan(full * 6 / 10);
    }

    @Test
    void serviceJar_offersTheServiceCommandsOnly() throws Exception {
        Path out = work.resolve("help.out");
        int exit = runToEnd(Map.of(), out, "--help");
        assertThat(exit).isZero();
        String help = Files.readString(out);
        String commands = help.substring(help.indexOf("Commands:"), help.indexOf("Examples:"));
        assertThat(commands).contains("  run ", "  submit ", "  replay ", "  help ")
                .doesNotContain("annolab-sim", "demo", "bench");
    }

    @Test
    void serviceJar_runsTheProcessorFromAConfigFile_publishesWithSubmit_andReplaysWithReplay() throws Exception {
        int opsPort = FreePorts.pick(1)[0];
        Map<String, String> environment = new LinkedHashMap<>(stack.serviceEnvironment());
        environment.put(EnvNames.APPLICATION_ID, "service-jar-it");
        environment.put(EnvNames.STATE_DIR, work.resolve("state").toString());
        environment.put(EnvNames.HTTP_PORT, Integer.toString(opsPort));
        environment.put(EnvNames.ADVERTISED_HOST, "127.0.0.1");
        // The log format from the file, not the environment: logging is configured before the file is read.
        Path configFile = Files.writeString(work.resolve("inferstream.properties"),
                EnvNames.POLL_INITIAL_DELAY_MILLIS + "=500\n" + EnvNames.LOG_FORMAT + "=json\n");
        Process run = ServiceJar.start("384m", environment, work, work.resolve("run.out"), work.resolve("run.err"),
                "run", "--config", configFile.toString());
        processes.add(run);
        await("the service jar's processor ready").atMost(PATIENCE).pollInterval(Duration.ofMillis(250))
                .until(() -> run.isAlive() && ready(opsPort));

        Map<String, String> tools = Map.of();
        assertThat(runToEnd(tools, work.resolve("submit.out"), "submit",
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl(),
                "--request-id", "jar-1", "--group", "it", "--project", PROJECT, "--model", MODEL,
                "--source-id", "7", "--output-layer", "predictions")).isZero();
        awaitCompleted("jar-1");

        assertThat(runToEnd(tools, work.resolve("replay.out"), "replay",
                "--bootstrap-servers", stack.bootstrapServers(), "--schema-registry-url", stack.registryUrl(),
                "--name", "again", "--from-topic", stack.topics().completed(), "--since", "1h")).isZero();
        InferenceCompleted replayed = awaitCompleted("again:jar-1");
        assertThat(replayed.getRequest().getReplayOf()).isEqualTo("jar-1");

        run.destroy();
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).as("SIGTERM after a clean close").isEqualTo(143);
        List<String> logLines = Files.readAllLines(work.resolve("run.out")).stream().filter(line -> !line.isBlank())
                .toList();
        assertThat(logLines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"))
                .noneMatch(line -> line.contains("GlobalThread"))
                .anyMatch(line -> line.contains("logFormat=JSON"));
    }

    private int runToEnd(Map<String, String> environment, Path output, String... arguments)
            throws IOException, InterruptedException {
        Process process = ServiceJar.start("256m", environment, work, output, output.resolveSibling(
                output.getFileName() + ".err"), arguments);
        processes.add(process);
        assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private boolean ready(int port) {
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/health/ready")).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private InferenceCompleted awaitCompleted(String requestId) {
        SpecificAvroSerde<InferenceCompleted> serde = new SpecificAvroSerde<>(InferenceCompleted.class);
        serde.configure(stack.serdeConfig(), false);
        try (TopicReader<String, InferenceCompleted> reader = TopicReader.of(stack.bootstrapServers(),
                List.of(stack.topics().completed()), IsolationLevel.READ_COMMITTED, new StringDeserializer(),
                serde.deserializer())) {
            return reader.awaitUntil(requestId + " completed", PATIENCE,
                            records -> records.stream().anyMatch(record -> record.key().equals(requestId)))
                    .stream().filter(record -> record.key().equals(requestId))
                    .map(ConsumerRecord::value).findFirst().orElseThrow();
        }
    }
}
