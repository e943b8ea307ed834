package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Between two ticks the processor looks at the clock every twentieth of a tick: a POST waits only for
 * the commit of its SUBMITTING, and an answer only for the next look, not for the next tick.
 */
class BetweenTicksTest {

    private static final Duration LOOK = AlignedTicks.probeInterval(TopologySettings.defaults().tickInterval());

    private final TopologyHarness harness = TopologyHarness.withDefaults();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void givenATickMarkedAJobSubmitting_itsPostLeavesAtTheNextLookAtTheClock() {
        harness.send(Requests.live("r-1").build());
        harness.advance(harness.settings.tickInterval());
        assertThat(harness.api.submits()).as("the tick only marks the job and asks for a commit").isZero();

        harness.advanceCoarsely(LOOK, LOOK);

        assertThat(harness.api.submits()).isEqualTo(1);
    }

    @Test
    void givenAnAnswerArrivingBetweenTicks_itIsAppliedAtTheNextLookAtTheClock() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Rejected(400, "no such layer", Duration.ZERO)));
        harness.api.holdAnswers(true);
        harness.send(Requests.live("r-1").build());
        harness.advance(harness.settings.tickInterval());
        harness.advanceCoarsely(LOOK, LOOK);
        assertThat(harness.api.heldCount()).isEqualTo(1);

        harness.api.releaseHeld();
        harness.advanceCoarsely(LOOK, LOOK);

        assertThat(harness.failed()).hasSize(1);
    }

    @Test
    void givenAStatusCheckFallingDueBetweenTicks_itLeavesWhenDue_notAtTheNextTick() {
        harness.send(Requests.live("r-1").build());
        harness.advance(harness.settings.tickInterval());
        harness.advanceCoarsely(LOOK, LOOK);
        long submittedAt = harness.now();
        long firstCheckAt = submittedAt + harness.settings.polling().initialDelay().toMillis();
        long lastTick = firstCheckAt - Math.floorMod(firstCheckAt, harness.settings.tickInterval().toMillis());

        harness.advanceCoarsely(Duration.ofMillis(lastTick - harness.now()), harness.settings.tickInterval());
        assertThat(harness.api.statusChecks()).as("due %d ms after the tick", firstCheckAt - lastTick).isZero();
        harness.advanceCoarsely(Duration.ofMillis(firstCheckAt - lastTick), LOOK);

        assertThat(harness.api.statusChecks()).isEqualTo(1);
        assertThat(harness.api.calls().get(1).at()).isEqualTo(firstCheckAt);
    }
}
