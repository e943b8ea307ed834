package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadinessTest {

    @Test
    void givenStreamsRunningAndTheKeyAccepted_isReadyWith200() {
        Readiness readiness = Readiness.of(KafkaStreams.State.RUNNING, Readiness.Problems.none());

        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.httpStatus()).isEqualTo(200);
        assertThat(readiness.toJson().getString("status")).isEqualTo("UP");
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void givenStreamsInAnyOtherState_isNotReady_andNamesTheState(KafkaStreams.State state) {
        Readiness readiness = Readiness.of(state, Readiness.Problems.none());

        assertThat(readiness.httpStatus()).isEqualTo(503);
        assertThat(readiness.toJson().getString("reason")).contains(state.name());
        assertThat(readiness.toJson().getString("streamsState")).isEqualTo(state.name());
    }

    @Test
    void givenStreamsRunningButA401Pause_isNotReady_andSaysTheKeyWasRejected() {
        Readiness readiness = Readiness.of(KafkaStreams.State.RUNNING,
                new Readiness.Problems(true, Optional.empty(), Optional.empty()));

        assertThat(readiness.httpStatus()).isEqualTo(503);
        assertThat(readiness.toJson().getBoolean("apiPaused")).isTrue();
        assertThat(readiness.reason()).contains("401");
    }

    @Test
    void givenStreamsRunningButTheApiUnreachable_isNotReady_andGivesTheReason() {
        Readiness readiness = Readiness.of(KafkaStreams.State.RUNNING, new Readiness.Problems(false,
                Optional.of("AnnoLab has not answered for 45 s (last: connection failed: Connection refused)"),
                Optional.empty()));

        assertThat(readiness.httpStatus()).isEqualTo(503);
        assertThat(readiness.toJson().getBoolean("apiUnreachable")).isTrue();
        assertThat(readiness.reason()).startsWith("AnnoLab has not answered for 45 s").doesNotContain("accepted");
    }

    @Test
    void givenStreamsRunningButTheRegistrySilent_isNotReady_andNamesTheRegistry() {
        Readiness readiness = Readiness.of(KafkaStreams.State.RUNNING, new Readiness.Problems(false,
                Optional.empty(),
                Optional.of("the schema registry has not answered for 12 s; 3 record(s) are held until it does")));

        assertThat(readiness.httpStatus()).isEqualTo(503);
        assertThat(readiness.toJson().getBoolean("registryUnavailable")).isTrue();
        assertThat(readiness.reason()).contains("schema registry");
    }
}
