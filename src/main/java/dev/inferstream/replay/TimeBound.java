package dev.inferstream.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code --since}/{@code --until}: an ISO-8601 instant ({@code 2026-11-20T08:00:00Z}) or an age
 * such as {@code 7d}, {@code 12h}, {@code 30m}, {@code 90s}, meaning "that long before now".
 */
public final class TimeBound {

    private static final Pattern AGE = Pattern.compile("(\\d+)([dhms])");

    private TimeBound() {
    }

    public static Instant parse(String option, String text, Instant now) {
        String trimmed = text.strip();
        Matcher age = AGE.matcher(trimmed);
        if (age.matches()) {
            long amount = Long.parseLong(age.group(1));
            Duration ago = switch (age.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
            return now.minus(ago);
        }
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException e) {
            throw new ReplayException(option + " '" + text + "' is neither an ISO-8601 instant "
                    + "(e.g. 2026-11-20T08:00:00Z) nor an age like 7d, 12h, 30m or 90s");
        }
    }
}
