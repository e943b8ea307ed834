package dev.inferstream.replay;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which history a replay reads; failed and completed events carry the original request inside. */
public enum ReplaySource {
    REQUESTED("inference-requested"),
    FAILED("inference-failed"),
    COMPLETED("inference-completed");

    private final String optionValue;

    ReplaySource(String optionValue) {
        this.optionValue = optionValue;
    }

    /** The {@code --from-topic} spelling, which is also the contract's default topic name. */
    public String optionValue() {
        return optionValue;
    }

    public static Optional<ReplaySource> byOptionValue(String value) {
        return Arrays.stream(values()).filter(source -> source.optionValue.equals(value)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(ReplaySource::optionValue).collect(Collectors.joining(", "));
    }
}
