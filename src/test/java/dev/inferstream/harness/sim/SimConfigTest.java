package dev.inferstream.harness.sim;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class SimConfigTest {

    @Test
    void givenDefaults_describeTheDocumentedDemoSetup() {
        SimConfig config = SimConfig.defaults();

        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.apiKeys()).containsExactly(SimConfig.DEFAULT_API_KEY);
        assertThat(config.projects()).extracting(SimProject::name, SimProject::permitted)
                .containsExactly(tuple("demo-project", true),
                        tuple("locked-project", false),
                        tuple(SimConfig.DOCUMENTED_PROJECT, true));
        assertThat(config.models()).extracting(SimModel::duration).contains(DurationSpec.never());
        assertThat(config.trailingComma()).isFalse();
    }

    @Test
    void givenFaultProbabilitiesAboveOne_isRejected() {
        assertThatThrownBy(() -> FaultConfig.none()
                .withProbability(FaultKind.SLOW, 0.6)
                .withProbability(FaultKind.DROPPED, 0.6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than 1");
    }

    @Test
    void givenDuplicateProjectIds_isRejected() {
        SimProject one = new SimProject(1, "a", true, List.of());
        SimProject alsoOne = new SimProject(1, "b", true, List.of());

        assertThatThrownBy(() -> SimConfig.builder().projects(List.of(one, alsoOne)).build())
                .hasMessageContaining("duplicate project id");
    }

    @Test
    void givenNoApiKey_isRejected() {
        assertThatThrownBy(() -> SimConfig.builder().apiKeys(List.of()).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenExportDefaults_exportsRunOneToThreeSecondsAndTheirUrlsLastFifteenMinutes() {
        ExportConfig exports = SimConfig.defaults().exports();

        assertThat(exports.duration()).isEqualTo(DurationSpec.uniform(Duration.ofSeconds(1), Duration.ofSeconds(3)));
        assertThat(exports.downloadUrlLifetime()).isEqualTo(Duration.ofMinutes(15));
        assertThat(exports.statusBase()).isEmpty();
    }

    @Test
    void givenBadExportSettings_areRejected() {
        assertThatThrownBy(() -> SimConfig.builder().exportErroredShare(1.5).build())
                .hasMessageContaining("exportErroredShare");
        assertThatThrownBy(() -> SimConfig.builder().downloadUrlLifetime(Duration.ZERO).build())
                .hasMessageContaining("downloadUrlLifetime");
        assertThatThrownBy(() -> SimConfig.builder().exportStatusBase(URI.create("http://x.example/?q=1")).build())
                .hasMessageContaining("exportStatusBase");
    }

    @Test
    void givenBuilderChange_originalStaysUnchanged() {
        SimConfig original = SimConfig.defaults();

        SimConfig changed = original.toBuilder().port(1234).erroredShare(0.5).build();

        assertThat(changed.port()).isEqualTo(1234);
        assertThat(changed.erroredShare()).isEqualTo(0.5);
        assertThat(original.port()).isEqualTo(SimConfig.DEFAULT_PORT);
    }

    @Test
    void givenDurationText_parsesAllThreeForms() {
        assertThat(DurationSpec.parse("never")).isEqualTo(DurationSpec.never());
        assertThat(DurationSpec.parse("1500")).isEqualTo(DurationSpec.fixed(Duration.ofMillis(1500)));
        assertThat(DurationSpec.parse("100..200")).isEqualTo(DurationSpec.uniform(Duration.ofMillis(100), Duration.ofMillis(200)));
        assertThat(DurationSpec.parse("100..200").text()).isEqualTo("100..200");
        assertThat(DurationSpec.parse("5").draw(new SplittableRandom(1))).contains(Duration.ofMillis(5));
    }

    @Test
    void givenBadDurationText_isRejected() {
        assertThatThrownBy(() -> DurationSpec.parse("soon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DurationSpec.parse("300..100")).isInstanceOf(IllegalArgumentException.class);
    }
}
