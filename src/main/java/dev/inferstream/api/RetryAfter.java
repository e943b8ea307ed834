package dev.inferstream.api;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads a {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
final class RetryAfter {

    private RetryAfter() {}

    /** The delay the header asks for; empty when it is absent or unusable. A date in the past means now. */
    static Optional<Duration> parse(Optional<String> header, Clock clock) {
        return header.map(String::trim).flatMap(value -> value.matches("\\d{1,10}")
                ? Optional.of(Duration.ofSeconds(Long.parseLong(value)))
                : untilDate(value, clock));
    }

    private static Optional<Duration> untilDate(String value, Clock clock) {
        try {
            ZonedDateTime date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration delay = Duration.between(clock.instant(), date.toInstant());
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException garbage) {
            return Optional.empty();
        }
    }
}
