package dev.inferstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeBoundTest {

    private static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");

    @Test
    void agesCountBackFromNow() {
        assertThat(TimeBound.parse("--since", "7d", NOW)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(TimeBound.parse("--since", "12h", NOW)).isEqualTo(NOW.minus(Duration.ofHours(12)));
        assertThat(TimeBound.parse("--since", "30m", NOW)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(TimeBound.parse("--since", "90s", NOW)).isEqualTo(NOW.minusSeconds(90));
    }

    @Test
    void isoInstantsAreTakenAsGiven() {
        assertThat(TimeBound.parse("--until", "2026-11-20T08:00:00Z", NOW)).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
    }

    @Test
    void anythingElseIsAOneLineErrorNamingTheOption() {
        assertThatThrownBy(() -> TimeBound.parse("--since", "last tuesday", NOW))
                .isInstanceOf(ReplayException.class)
                .hasMessageStartingWith("--since 'last tuesday' is neither")
                .hasMessageNotContaining("\n");
    }
}
