package dev.inferstream.harness.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.Duration;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    private static final String BODY = SimClient.body("demo-project", "fast-model", "predictions", 1);

    @Test
    void givenRateLimitAlways_answers429WithRetryAfter() throws Exception {
        SimConfig config = TestConfigs.quick()
                .faults(FaultConfig.none().withProbability(FaultKind.RATE_LIMITED, 1.0).withRetryAfterSeconds(7))
                .build();
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config)) {
            SimClient.Answer answer = new SimClient(sim).submit(BODY, KEY);

            assertThat(answer.status()).isEqualTo(429);
            assertThat(answer.retryAfter()).contains("7");
            assertThat(sim.stats().faults(FaultKind.RATE_LIMITED)).isEqualTo(1);
            assertThat(sim.stats().jobs()).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"INTERNAL_ERROR, 500", "BAD_GATEWAY, 502", "UNAVAILABLE, 503"})
    void givenServerErrorAlways_answersThatStatus(FaultKind kind, int expected) throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().fault(kind, 1.0).build())) {
            SimClient client = new SimClient(sim);

            assertThat(client.submit(BODY, KEY).status()).isEqualTo(expected);
            assertThat(client.status(1, KEY).status()).isEqualTo(expected);
            assertThat(sim.stats().faults(kind)).isEqualTo(2);
        }
    }

    @Test
    void givenFaultAlways_faultComesBeforeTheKeyCheck() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().fault(FaultKind.UNAVAILABLE, 1.0).build())) {
            assertThat(new SimClient(sim).submit(BODY, "wrong").status()).isEqualTo(503);
        }
    }

    @Test
    void givenSlowAlways_answersNormallyAfterTheDelay() throws Exception {
        SimConfig config = TestConfigs.quick()
                .faults(FaultConfig.none().withProbability(FaultKind.SLOW, 1.0).withSlowDelay(Duration.ofMillis(400)))
                .build();
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config)) {
            long start = System.nanoTime();
            SimClient.Answer answer = new SimClient(sim).submit(BODY, KEY);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.status()).isEqualTo(201);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(sim.stats().faults(FaultKind.SLOW)).isEqualTo(1);
        }
    }

    @Test
    void givenBaseLatency_everyAnswerWaitsAtLeastThatLong() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().baseLatency(Duration.ofMillis(150)).build())) {
            long start = System.nanoTime();
            SimClient.Answer answer = new SimClient(sim).status(1, KEY);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.status()).isEqualTo(404);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void givenDropAlways_clientSeesTheConnectionClosed() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().fault(FaultKind.DROPPED, 1.0).build())) {
            SimClient client = new SimClient(sim);

            assertThatThrownBy(() -> client.submit(BODY, KEY)).isInstanceOf(IOException.class);
            assertThat(sim.stats().faults(FaultKind.DROPPED)).isPositive();
            assertThat(sim.stats().jobs()).isEmpty();
        }
    }

    @Test
    void givenFaultsAlways_simEndpointsStillAnswer() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().fault(FaultKind.DROPPED, 1.0).build())) {
            assertThat(new SimClient(sim).get("/_sim/stats").status()).isEqualTo(200);
        }
    }
}
