package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ReadinessTest {

    @Test
    void givenStreamsRunningAndTheKeyAccepted_isReadyWith200() {
        Readiness readiness = Readiness.of(KafkaStreams.State.RUNNING, false);

        assertThat(readiness.ready()).isTrue();
        assertThat(readiness.httpStatus()).isEqualTo(200);
        assertThat(readiness.toJson().getString("status")).isEqualTo("UP");
    }

    @ParameterizedTest
    @EnumSource(value = KafkaStreams.State.class, names = "RUNNING", mode = EnumSource.Mode.EXCLUDE)
    void givenStreamsInAnyOtherState_isNotReady_andNamesTheState(KafkaStreams.State state) {
        Readiness readiness = Readiness.of(state, false);

        assertThat(readiness.httpStatus()).isEqualTo(503);
        assertThat(readiness.toJson().getString("reason")).contains(state.name());
        assertThat(readiness.toJson().getString("streamsState")).isEqualTo(state.name());
    }

    @Test
    void givenStreamsRunningButA401Pause_isNotReady_andSaysTheKeyWasRejected() {
        Readiness readiness = Readiness.of(KafkaStreams.State.RUNNING, true);

        assertThat(readiness.httpStatus()).isEqualTo(503);
        assertThat(readiness.toJson().getBoolean("apiPaused")).isTrue();
        assertThat(readiness.reason()).contains("401");
    }
}
