package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationLearnerTest {

    private static final TopologySettings.Polling TWO_SECONDS = new TopologySettings.Polling(Duration.ofSeconds(2),
            Duration.ofMillis(250), Duration.ofSeconds(60), 0.1, 0.1);

    @Test
    void givenNothingLearned_firstCheckIsTheInitialDelay() {
        assertThat(new DurationLearner(TWO_SECONDS).firstCheckAfter("m")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void givenAFarTooLowEstimate_aFinishedJobMovesItHalfwayToWhenItWasLastSeenRunning_neverPastIt() {
        DurationLearner learner = new DurationLearner(TWO_SECONDS);
        learner.finishedAfter("m", 4_800);
        assertThat(learner.firstCheckAfter("m")).isEqualTo(Duration.ofMillis(3_400));

        for (int i = 0; i < 20; i++) {
            learner.finishedAfter("m", 4_800);
        }
        assertThat(learner.firstCheckAfter("m")).isLessThanOrEqualTo(Duration.ofMillis(4_800))
                .isGreaterThan(Duration.ofMillis(4_700));
    }

    @Test
    void givenAMissedFirstCheck_theNextCheckIsPlacedJustPastIt() {
        DurationLearner learner = new DurationLearner(TWO_SECONDS);
        learner.firstCheck("m", 4_900, false);
        assertThat(learner.firstCheckAfter("m").toMillis()).isBetween(4_901L, 5_400L);
    }

    @Test
    void givenHitsInARow_theEstimateComesDownFasterAndFaster_anchoredToTheDelayUsed() {
        DurationLearner learner = new DurationLearner(new TopologySettings.Polling(Duration.ofSeconds(6),
                Duration.ofMillis(250), Duration.ofSeconds(60), 0.1, 0.1));
        learner.firstCheck("m", 6_000, true);
        long afterOne = learner.firstCheckAfter("m").toMillis();
        learner.firstCheck("m", afterOne, true);
        long afterTwo = learner.firstCheckAfter("m").toMillis();
        assertThat(6_000 - afterOne).isLessThan(afterOne - afterTwo);

        for (int i = 0; i < 50; i++) {
            learner.firstCheck("m", 6_000, true);
        }
        assertThat(learner.firstCheckAfter("m").toMillis()).as("hits of jobs scheduled at 6 s never compound")
                .isGreaterThanOrEqualTo(Math.round(6_000 * 0.92));
    }
}
