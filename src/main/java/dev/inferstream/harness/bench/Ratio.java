package dev.inferstream.harness.bench;

import java.util.Locale;
import java.util.OptionalDouble;

/** A ratio between two measured figures, and how it compares with its target. */
public record Ratio(String label, OptionalDouble value, String target, boolean met) {

    /** {@code numerator / denominator}; empty when the denominator is not positive (nothing measured). */
    public static OptionalDouble of(double numerator, double denominator) {
        return denominator > 0 ? OptionalDouble.of(numerator / denominator) : OptionalDouble.empty();
    }

    /** A ratio that meets its target when it is at least {@code minimum}. */
    public static Ratio atLeast(String label, double numerator, double denominator, double minimum, String target) {
        OptionalDouble value = of(numerator, denominator);
        return new Ratio(label, value, target, value.isPresent() && value.getAsDouble() >= minimum);
    }

    public String text() {
        if (value.isEmpty()) {
            return "n/a";
        }
        double v = value.getAsDouble();
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
