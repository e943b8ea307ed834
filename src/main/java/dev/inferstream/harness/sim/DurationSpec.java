package dev.inferstream.harness.sim;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long a model's jobs run. Written as text in config files and flags: {@code "never"},
 * {@code "1500"} (fixed, milliseconds) or {@code "1000..3000"} (uniform, milliseconds, inclusive).
 */
public sealed interface DurationSpec {

    /** The run time of one job, or empty when the job never finishes. */
    Optional<Duration> draw(RandomGenerator random);

    /** The text form {@link #parse} reads back. */
    String text();

    record Fixed(Duration duration) implements DurationSpec {
        public Fixed {
            requireNonNegative(duration);
        }

        @Override
        public Optional<Duration> draw(RandomGenerator random) {
            return Optional.of(duration);
        }

        @Override
        public String text() {
            return Long.toString(duration.toMillis());
        }
    }

    record Uniform(Duration min, Duration max) implements DurationSpec {
        public Uniform {
            requireNonNegative(min);
            requireNonNegative(max);
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("duration max " + max + " is below min " + min);
            }
        }

        @Override
        public Optional<Duration> draw(RandomGenerator random) {
            long millis = random.nextLong(min.toMillis(), max.toMillis() + 1);
            return Optional.of(Duration.ofMillis(millis));
        }

        @Override
        public String text() {
            return min.toMillis() + ".." + max.toMillis();
        }
    }

    /** Jobs stay {@code Running} forever: the client's timeout path needs something to time out on. */
    record Never() implements DurationSpec {
        @Override
        public Optional<Duration> draw(RandomGenerator random) {
            return Optional.empty();
        }

        @Override
        public String text() {
            return "never";
        }
    }

    static DurationSpec fixed(Duration duration) {
        return new Fixed(duration);
    }

    static DurationSpec uniform(Duration min, Duration max) {
        return new Uniform(min, max);
    }

    static DurationSpec never() {
        return new Never();
    }

    static DurationSpec parse(String text) {
        String trimmed = text.trim();
        if (trimmed.equalsIgnoreCase("never")) {
            return never();
        }
        try {
            int dots = trimmed.indexOf("..");
            if (dots < 0) {
                return fixed(Duration.ofMillis(Long.parseLong(trimmed)));
            }
            return uniform(Duration.ofMillis(Long.parseLong(trimmed.substring(0, dots).trim())),
                    Duration.ofMillis(Long.parseLong(trimmed.substring(dots + 2).trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "duration must be \"never\", MILLIS or MIN..MAX millis, was \"" + text + "\"", e);
        }
    }

    private static void requireNonNegative(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, was " + duration);
        }
    }
}
