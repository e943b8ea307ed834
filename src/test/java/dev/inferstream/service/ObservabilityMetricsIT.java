package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard and the alert rules are only as good as the names they query: every metric they name must
 * be one a running service exports, after it has seen completions, failures and a dead letter.
 */
class ObservabilityMetricsIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void givenAServiceAfterSomeTraffic_everyMetricTheDashboardAndRulesNameIsExported() throws Exception {
        String scrape;
        try (Stack stack = Stack.builder(simConfig()).start();
             KafkaProducer<byte[], byte[]> producer = producer(stack);
             RunningProcessor processor = RunningProcessor.start(config(stack))) {
            await("streams running").atMost(PATIENCE)
                    .until(() -> processor.service().state() == KafkaStreams.State.RUNNING);
            SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);
            serde.configure(stack.serdeConfig(), false);
            String topic = stack.topics().requested();
            List<InferenceRequested> requests = List.of(request("metrics-ok-1", "fast-model", 120),
                    request("metrics-ok-2", "fast-model", 120), request("metrics-unknown", "no-such-model", 120),
                    request("metrics-stuck", "stuck-model", 1));
            for (InferenceRequested request : requests) {
                producer.send(new ProducerRecord<>(topic, bytes(request.getRequestId()),
                        serde.serializer().serialize(topic, request))).get();
            }
            producer.send(new ProducerRecord<>(topic, bytes("metrics-not-avro"), bytes("not Avro"))).get();

            OpsHttp http = new OpsHttp();
            await("every request ended and the dead letter counted").atMost(PATIENCE).untilAsserted(() -> {
                String body = http.get(processor.opsPort(), "/metrics").body();
                assertThat(body).contains("reason=\"TIMED_OUT\"", "reason=\"REJECTED\"", "reason=\"COMPLETED\"");
                assertThat(body).containsPattern("kafka_stream_task_dropped_records_total\\{[^}]*\\} [1-9]");
            });
            scrape = http.get(processor.opsPort(), "/metrics").body();
        }
        Files.createDirectories(DeploymentFiles.ROOT.resolve("target"));
        Files.writeString(DeploymentFiles.ROOT.resolve("target/metrics-sample.txt"), scrape);

        Set<String> exported = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            exported.add(sample.group(1));
        }
        Set<String> referenced = new TreeSet<>(Observability.referencedMetrics());
        assertThat(referenced).as("names found in the dashboard and rules").hasSizeGreaterThan(10);
        assertThat(exported).containsAll(referenced);
    }

    private static SimConfig simConfig() {
        return SimConfig.defaults().toBuilder()
                .erroredShare(0)
                .models(List.of(new SimModel(100, "fast-model", DurationSpec.uniform(Duration.ofMillis(200),
                                Duration.ofMillis(500))),
                        new SimModel(102, "stuck-model", DurationSpec.never())))
                .build();
    }

    private InferstreamConfig config(Stack stack) {
        Map<String, String> environment = new LinkedHashMap<>(stack.serviceEnvironment());
        environment.put(EnvNames.APPLICATION_ID, "inferstream-metrics-it");
        environment.put(EnvNames.STATE_DIR, dir.resolve("state").toString());
        environment.put(EnvNames.ADVERTISED_HOST, "127.0.0.1");
        environment.put(EnvNames.HTTP_PORT, String.valueOf(FreePorts.pick(1)[0]));
        environment.put(EnvNames.POLL_INITIAL_DELAY_MILLIS, "300");
        environment.put(EnvNames.POLL_MAX_INTERVAL_SECONDS, "1");
        return InferstreamConfig.load(environment, Optional.empty());
    }

    private static KafkaProducer<byte[], byte[]> producer(Stack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static InferenceRequested request(String id, String model, int timeoutSeconds) {
        return InferenceRequested.newBuilder()
                .setRequestId(id)
                .setGroupName("acme")
                .setProjectIdentifier("demo-project")
                .setModelIdentifier(model)
                .setSourceIds(List.of(1_000L))
                .setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(timeoutSeconds)
                .setPriority(Priority.LIVE)
                .build();
    }
}
