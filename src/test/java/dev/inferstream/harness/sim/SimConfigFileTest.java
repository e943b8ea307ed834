package dev.inferstream.harness.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimConfigFileTest {

    private static final String FULL = """
            {
              "host": "127.0.0.1", "port": 0, "apiKeys": ["file-key", "second-key"],
              "projects": [{"id": 7, "name": "file-project", "permitted": true,
                            "layers": [{"id": 70, "name": "out"}]},
                           {"id": 8, "name": "closed", "permitted": false}],
              "models": [{"id": 5, "name": "quick", "duration": "50..80"},
                         {"id": 6, "name": "forever", "duration": "never"}],
              "erroredShare": 0.25, "queuedMillis": 20, "baseLatencyMillis": 5,
              "faults": {"probabilities": {"rate-limited": 0.1, "dropped": 0.05},
                         "retryAfterSeconds": 3, "slowDelayMillis": 900},
              "trailingComma": true, "seed": 99, "serverInstances": 1,
              "exports": {"duration": "200..300", "erroredShare": 0.5, "downloadUrlLifetimeSeconds": 60,
                          "statusBase": "https://elsewhere.example"}
            }
            """;

    @Test
    void givenFullFile_readsEveryField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.json"), FULL);

        SimConfig config = SimConfigFile.read(file, SimConfig.defaults());

        assertThat(config.port()).isZero();
        assertThat(config.apiKeys()).containsExactlyInAnyOrder("file-key", "second-key");
        assertThat(config.projects()).hasSize(2);
        assertThat(config.projects().get(0).layers()).containsExactly(new SimLayer(70, "out"));
        assertThat(config.projects().get(1).permitted()).isFalse();
        assertThat(config.models().get(0).duration()).isEqualTo(DurationSpec.uniform(Duration.ofMillis(50), Duration.ofMillis(80)));
        assertThat(config.models().get(1).duration()).isEqualTo(DurationSpec.never());
        assertThat(config.erroredShare()).isEqualTo(0.25);
        assertThat(config.queuedFor()).isEqualTo(Duration.ofMillis(20));
        assertThat(config.baseLatency()).isEqualTo(Duration.ofMillis(5));
        assertThat(config.faults().probability(FaultKind.RATE_LIMITED)).isEqualTo(0.1);
        assertThat(config.faults().probability(FaultKind.DROPPED)).isEqualTo(0.05);
        assertThat(config.faults().probability(FaultKind.SLOW)).isZero();
        assertThat(config.faults().retryAfterSeconds()).isEqualTo(3);
        assertThat(config.faults().slowDelay()).isEqualTo(Duration.ofMillis(900));
        assertThat(config.trailingComma()).isTrue();
        assertThat(config.seed()).isEqualTo(99);
        assertThat(config.serverInstances()).isEqualTo(1);
        assertThat(config.exports()).isEqualTo(new ExportConfig(DurationSpec.uniform(Duration.ofMillis(200),
                Duration.ofMillis(300)), 0.5, Duration.ofSeconds(60), Optional.of(URI.create("https://elsewhere.example"))));
    }

    @Test
    void givenUnknownExportFieldOrBadStatusBase_namesItInTheError(@TempDir Path dir) throws Exception {
        Path typo = Files.writeString(dir.resolve("typo.json"), "{\"exports\": {\"erroredShares\": 0.5}}");
        Path ftp = Files.writeString(dir.resolve("ftp.json"), "{\"exports\": {\"statusBase\": \"ftp://x.example\"}}");

        assertThatThrownBy(() -> SimConfigFile.read(typo, SimConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("erroredShares");
        assertThatThrownBy(() -> SimConfigFile.read(ftp, SimConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exportStatusBase");
    }

    @Test
    void givenPartialFile_keepsTheBaseForEverythingElse(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.json"), "{\"erroredShare\": 0.75}");

        SimConfig config = SimConfigFile.read(file, SimConfig.defaults());

        assertThat(config).isEqualTo(SimConfig.defaults().toBuilder().erroredShare(0.75).build());
    }

    @Test
    void givenUnknownField_namesItInTheError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.json"), "{\"erroredShares\": 0.75}");

        assertThatThrownBy(() -> SimConfigFile.read(file, SimConfig.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("erroredShares");
    }

    @Test
    void givenUnknownFault_isRejected(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.json"), "{\"faults\": {\"probabilities\": {\"meteor\": 0.1}}}");

        assertThatThrownBy(() -> SimConfigFile.read(file, SimConfig.defaults()))
                .hasMessageContaining("meteor");
    }

    @Test
    void givenFileConfig_simulatorServesItsProjectsAndKeys(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("sim.json"), FULL);
        SimConfig config = SimConfigFile.read(file, SimConfig.defaults());

        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config.toBuilder().faults(FaultConfig.none()).build())) {
            SimClient client = new SimClient(sim);
            SimClient.Answer answer = client.submit(SimClient.body("file-project", "quick", "out", 1), "second-key");

            assertThat(answer.status()).isEqualTo(201);
            assertThat(answer.body()).endsWith(",}");
            assertThat(client.submit(SimClient.body("closed", "quick", "out", 1), "file-key").status()).isEqualTo(403);
        }
    }
}
