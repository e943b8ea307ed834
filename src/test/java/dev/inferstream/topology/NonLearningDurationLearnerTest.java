package dev.inferstream.topology;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NonLearningDurationLearnerTest {

    private static final TopologySettings.Polling ONE_SECOND =
            new TopologySettings.Polling(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 0, 0);

    @Test
    void givenEvidence_nonLearningKeepsTheInitialDelay() {
        DurationLearner learner = DurationLearner.nonLearning(ONE_SECOND);
        learner.firstCheck("m", 1_000, false);
        learner.finishedAfter("m", 4_000);
        learner.firstCheck("m", 1_000, true);

        assertThat(learner.firstCheckAfter("m")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void givenTheSameEvidence_theDefaultLearnerMoves() {
        DurationLearner learner = new DurationLearner(ONE_SECOND);
        learner.firstCheck("m", 1_000, false);
        learner.finishedAfter("m", 4_000);

        assertThat(learner.firstCheckAfter("m")).isGreaterThan(Duration.ofSeconds(1));
    }
}
