package dev.inferstream.harness.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus text endpoint ({@code /metrics}), reduced to samples by name and labels,
 * with the arithmetic the scale bench does between two scrapes. Pure.
 */
record MetricsScrape(List<Sample> samples) {

    /** One line of the exposition: {@code name{labels} value}. */
    record Sample(String name, Map<String, String> labels, double value) {
        Sample {
            labels = Map.copyOf(labels);
        }
    }

    private static final Pattern LINE =
            Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final String BUCKET = "_bucket";
    private static final String UPPER_BOUND = "le";

    MetricsScrape {
        samples = List.copyOf(samples);
    }

    static MetricsScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher matcher = LINE.matcher(line.strip());
            if (line.startsWith("#") || !matcher.matches()) {
                continue;
            }
            Map<String, String> labels = new HashMap<>();
            if (matcher.group(2) != null) {
                Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), labels, number(matcher.group(3))));
        }
        return new MetricsScrape(samples);
    }

    /** The sum over every series of {@code name} whose labels include {@code labels}; 0 when there is none. */
    double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(sample -> sample.name().equals(name) && sample.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    double sum(String name) {
        return sum(name, Map.of());
    }

    /** {@code name}'s change since {@code earlier}, for counters and the sums and counts of histograms. */
    double delta(MetricsScrape earlier, String name) {
        return sum(name) - earlier.sum(name);
    }

    /**
     * The {@code quantile} of the observations a histogram ({@code <histogram>_bucket} series) gained since
     * {@code earlier}, as the upper bound of the bucket it falls in: Prometheus buckets say no more. Empty
     * when nothing was observed, or when the quantile lies beyond the last finite bucket.
     */
    OptionalDouble quantileSince(MetricsScrape earlier, String histogram, double quantile) {
        NavigableMap<Double, Double> now = buckets(histogram);
        NavigableMap<Double, Double> before = earlier.buckets(histogram);
        double total = now.isEmpty() ? 0 : now.lastEntry().getValue() - before.getOrDefault(now.lastKey(), 0.0);
        if (total <= 0) {
            return OptionalDouble.empty();
        }
        for (Map.Entry<Double, Double> bucket : now.entrySet()) {
            double below = bucket.getValue() - before.getOrDefault(bucket.getKey(), 0.0);
            if (below >= quantile * total) {
                return Double.isInfinite(bucket.getKey()) ? OptionalDouble.empty() : OptionalDouble.of(bucket.getKey());
            }
        }
        return OptionalDouble.empty();
    }

    /** Cumulative counts by upper bound, summed over the histogram's series. */
    private NavigableMap<Double, Double> buckets(String histogram) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        for (Sample sample : samples) {
            if (sample.name().equals(histogram + BUCKET) && sample.labels().containsKey(UPPER_BOUND)) {
                buckets.merge(number(sample.labels().get(UPPER_BOUND)), sample.value(), Double::sum);
            }
        }
        return buckets;
    }

    /** Prometheus writes infinities as {@code +Inf} and {@code -Inf}, which {@link Double#parseDouble} does not read. */
    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }
}
