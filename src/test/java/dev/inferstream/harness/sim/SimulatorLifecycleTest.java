package dev.inferstream.harness.sim;

import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorLifecycleTest {

    private static final String BODY = SimClient.body("demo-project", "fast-model", "predictions", 1);

    @Test
    void givenCallersVertx_twoSimulatorsGetTheirOwnPortsAndStopLeavesVertxRunning() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            AnnoLabSimulator first = AnnoLabSimulator.start(vertx, TestConfigs.quick().build()).await();
            AnnoLabSimulator second = AnnoLabSimulator.start(vertx, TestConfigs.quick().build()).await();

            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(new SimClient(first).submit(BODY, KEY).status()).isEqualTo(201);
            assertThat(second.stats().submits()).isZero();

            first.stop().await();

            assertThat(new SimClient(second).submit(BODY, KEY).status()).isEqualTo(201);
            assertThat(vertx.deploymentIDs()).hasSize(1);
            second.stop().await();
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void givenPortInUse_startFailsWithTheReason() {
        try (AnnoLabSimulator running = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimConfig samePort = TestConfigs.quick().port(running.port()).serverInstances(1).build();

            assertThatThrownBy(() -> AnnoLabSimulator.startBlocking(samePort))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("failed to start");
        }
    }

    @Test
    void givenWildcardHost_baseUrlPointsAtLoopback() {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().host("0.0.0.0").build())) {
            assertThat(sim.baseUrl()).isEqualTo("http://127.0.0.1:" + sim.port());
        }
    }
}
