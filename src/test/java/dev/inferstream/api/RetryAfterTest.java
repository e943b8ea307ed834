package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void givenDateInThePast_returnsZeroDelay() {
        assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 11:00:00 GMT"), CLOCK)).hasValue(Duration.ZERO);
    }

    @Test
    void givenSecondsWithSpaces_returnsThem() {
        assertThat(RetryAfter.parse(Optional.of(" 120 "), CLOCK)).hasValue(Duration.ofSeconds(120));
    }

    @Test
    void givenAbsentOrOverlongNumber_returnsEmpty() {
        assertThat(RetryAfter.parse(Optional.empty(), CLOCK)).isEmpty();
        assertThat(RetryAfter.parse(Optional.of("99999999999999999999"), CLOCK)).isEmpty();
    }
}
