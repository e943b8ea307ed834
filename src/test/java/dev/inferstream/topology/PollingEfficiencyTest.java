package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.InferenceCompleted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * With stable job durations per model, the learned first check finds most jobs finished: few status
 * checks per job, and little time between a job finishing and its event. The clock moves in the
 * processor's looks between ticks, so checks leave when due as they do in a running service.
 */
class PollingEfficiencyTest {

    @Test
    void givenStableDurationsPerModel_averagesAtMostOneAndAHalfChecksPerJob_withP99DelayUnderAFifthOfTheDuration() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.api.jobDurations(model -> model.equals("model-slow") ? Duration.ofSeconds(12) : Duration.ofSeconds(3));
            List<InferenceCompleted> events = new ArrayList<>();
            for (int wave = 0; wave < 100; wave++) {
                for (int i = 0; i < 5; i++) {
                    String model = i % 2 == 0 ? "model-fast" : "model-slow";
                    harness.send(Requests.live("w" + wave + "-" + i).setModelIdentifier(model).build());
                }
                harness.advanceCoarsely(Duration.ofSeconds(2), AlignedTicks.probeInterval(harness.settings.tickInterval()));
                harness.completed().stream().map(TestRecord::value).forEach(events::add);
            }
            harness.advance(Duration.ofSeconds(30));
            harness.completed().stream().map(TestRecord::value).forEach(events::add);
            assertThat(events).hasSize(500);

            // The first 40 s are the learning phase: estimates start from the 5 s default for both models.
            List<InferenceCompleted> settled = events.stream()
                    .filter(event -> event.getSubmittedAt().toEpochMilli() - TopologyHarness.T0 > 40_000).toList();
            double checksPerJob = settled.stream().mapToInt(InferenceCompleted::getStatusChecks).average().orElseThrow();
            List<Double> delayShares = settled.stream().map(event -> delayShare(harness, event)).sorted().toList();
            double p99 = delayShares.get((int) Math.ceil(delayShares.size() * 0.99) - 1);
            System.out.printf("stable durations: %.2f status checks per job, p99 detection delay %.1f%% of the job's duration%n",
                    checksPerJob, p99 * 100);
            assertThat(checksPerJob).isLessThanOrEqualTo(1.5);
            assertThat(p99).isLessThan(0.2);
        }
    }

    private static double delayShare(TopologyHarness harness, InferenceCompleted event) {
        long finishedAt = harness.api.finishTimeOf(event.getInferenceJobId()).orElseThrow();
        long duration = finishedAt - event.getSubmittedAt().toEpochMilli();
        return (double) (event.getCompletedAt().toEpochMilli() - finishedAt) / duration;
    }
}
