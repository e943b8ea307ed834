package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} stopped and started again with the same application id, host and port: a static member of
 * the consumer group (group.instance.id from the advertised host and port) takes its tasks back without
 * waiting for the group to give up on the member that stopped.
 */
class FastRestartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Measured 1-3 s; a dynamic member waits out the 45 s session timeout of the one it replaces. */
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void givenARestartWithTheSameIdentity_tasksAreBackAndARequestEndsWithinSeconds() throws Exception {
        try (Stack stack = Stack.builder(simConfig()).start();
             ServiceTraffic traffic = new ServiceTraffic(stack)) {
            InferstreamConfig config = traffic.config("inferstream-restart-it", dir.resolve("state"), Map.of());
            OpsHttp http = new OpsHttp();
            try (RunningProcessor first = RunningProcessor.start(config)) {
                traffic.publish(ServiceTraffic.request("before-restart", "fast-model", 120));
                awaitEnded(http, first, "before-restart");
            }

            long restartedAt = System.nanoTime();
            try (RunningProcessor second = RunningProcessor.start(config)) {
                await("running again").atMost(PATIENCE)
                        .until(() -> second.service().state() == KafkaStreams.State.RUNNING);
                Duration untilRunning = Duration.ofNanos(System.nanoTime() - restartedAt);
                traffic.publish(ServiceTraffic.request("after-restart", "fast-model", 120));
                awaitEnded(http, second, "after-restart");
                Duration untilFirstResult = Duration.ofNanos(System.nanoTime() - restartedAt);
                System.out.printf("restart: RUNNING after %d ms, a new request ended after %d ms%n",
                        untilRunning.toMillis(), untilFirstResult.toMillis());

                assertThat(untilRunning).isLessThan(RESTART_LIMIT);
                assertThat(untilFirstResult).isLessThan(RESTART_LIMIT.plusSeconds(5));
            }
        }
    }

    private static void awaitEnded(OpsHttp http, RunningProcessor processor, String id) {
        await(id + " ended").atMost(PATIENCE).untilAsserted(() -> {
            OpsHttp.Answer job = http.get(processor.opsPort(), "/jobs/" + id);
            assertThat(job.status()).as(job.body()).isEqualTo(200);
            assertThat(job.json().getString("outcome")).as(job.body()).isEqualTo("COMPLETED");
        });
    }

    private static SimConfig simConfig() {
        return SimConfig.defaults().toBuilder()
                .erroredShare(0)
                .models(List.of(new SimModel(100, "fast-model",
                        DurationSpec.uniform(Duration.ofMillis(100), Duration.ofMillis(300)))))
                .build();
    }
}
