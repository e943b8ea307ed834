package dev.inferstream.harness.bench;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** One system's sustained phase: its steps in the order they ran. */
public record SustainedFigures(String system, List<StepFigures> steps) {

    public SustainedFigures {
        Objects.requireNonNull(system, "system");
        steps = List.copyOf(steps);
    }

    /** The highest planned rate of a sustained step; empty when none was. */
    public OptionalInt highestSustained() {
        return steps.stream().filter(StepFigures::sustained).mapToInt(StepFigures::rate).max();
    }

    /** True when every step ran was sustained, so the system's limit lies above the highest step offered. */
    public boolean sustainedEveryStep(SustainedPlan plan) {
        return steps.size() == plan.rates().size() && steps.stream().allMatch(StepFigures::sustained);
    }

    /** The step at the highest sustained rate, whose calls per request and latencies stand for the system. */
    public Optional<StepFigures> atHighestSustained() {
        OptionalInt highest = highestSustained();
        return highest.isEmpty() ? Optional.empty()
                : steps.stream().filter(step -> step.rate() == highest.getAsInt()).findFirst();
    }
}
