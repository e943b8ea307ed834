package dev.inferstream.harness.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;

class DeterminismTest {

    private static final int JOBS = 40;

    private static SimConfig.Builder seeded(long seed) {
        return TestConfigs.quick().seed(seed).erroredShare(0.5)
                .models(List.of(new SimModel(100, "fast-model",
                        DurationSpec.uniform(Duration.ofSeconds(10), Duration.ofSeconds(20)))));
    }

    /** Planned outcome and run time of each job, in job-id order. */
    private static List<String> plans(SimConfig config) throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config)) {
            SimClient client = new SimClient(sim);
            for (int i = 0; i < JOBS; i++) {
                client.submitOk(SimClient.body("demo-project", "fast-model", "predictions", i + 1), KEY);
            }
            List<String> plans = new ArrayList<>();
            for (JobStats job : sim.stats().jobs()) {
                Duration runTime = Duration.between(job.submittedAt(), job.finishedAt().orElseThrow());
                plans.add(job.terminalStatus().orElseThrow() + "/" + runTime.toMillis());
            }
            return plans;
        }
    }

    private static List<Integer> faultAnswers(SimConfig config) throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config)) {
            SimClient client = new SimClient(sim);
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(client.status(1, KEY).status());
            }
            return statuses;
        }
    }

    @Test
    void givenSameSeed_jobsGetTheSameOutcomesAndDurations() throws Exception {
        List<String> first = plans(seeded(7).build());
        List<String> second = plans(seeded(7).build());

        assertThat(second).isEqualTo(first);
        assertThat(first).anyMatch(plan -> plan.startsWith("ERRORED")).anyMatch(plan -> plan.startsWith("FINISHED"));
    }

    @Test
    void givenDifferentSeed_jobsGetDifferentOutcomes() throws Exception {
        assertThat(plans(seeded(8).build())).isNotEqualTo(plans(seeded(7).build()));
    }

    @Test
    void givenSameSeed_faultsHitTheSameRequests() throws Exception {
        SimConfig config = seeded(7).fault(FaultKind.UNAVAILABLE, 0.5).build();

        List<Integer> first = faultAnswers(config);
        List<Integer> second = faultAnswers(config);

        assertThat(second).isEqualTo(first);
        assertThat(first).contains(503, 404);
    }
}
