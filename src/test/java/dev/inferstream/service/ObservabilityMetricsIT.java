package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.harness.Stack;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
             ServiceTraffic traffic = new ServiceTraffic(stack);
             RunningProcessor processor = RunningProcessor.start(
                     traffic.config("inferstream-metrics-it", dir.resolve("state"), Map.of()))) {
            await("streams running").atMost(PATIENCE)
                    .until(() -> processor.service().state() == KafkaStreams.State.RUNNING);
            traffic.publish(ServiceTraffic.request("metrics-ok-1", "fast-model", 120));
            traffic.publish(ServiceTraffic.request("metrics-ok-2", "fast-model", 120));
            traffic.publish(ServiceTraffic.request("metrics-unknown", "no-such-model", 120));
            traffic.publish(ServiceTraffic.request("metrics-stuck", "stuck-model", 1));
            traffic.publishUndecodable("metrics-not-avro");

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
}
