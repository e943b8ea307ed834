package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlignedTicksTest {

    private static final Duration TICK = Duration.ofMillis(100);

    @Test
    void givenTasksStartedAtDifferentMoments_theyTickAtTheSameBoundaries() {
        AlignedTicks early = new AlignedTicks(TICK, 1_003);
        AlignedTicks late = new AlignedTicks(TICK, 1_071);

        assertThat(early.due(1_099)).isFalse();
        assertThat(late.due(1_099)).isFalse();
        assertThat(early.due(1_100)).isTrue();
        assertThat(late.due(1_102)).isTrue();
    }

    @Test
    void givenManyLooksWithinOneInterval_ticksOnce() {
        AlignedTicks ticks = new AlignedTicks(TICK, 1_000);
        int fired = 0;
        for (long now = 1_000; now < 2_000; now += 5) {
            fired += ticks.due(now) ? 1 : 0;
        }
        assertThat(fired).isEqualTo(9);
    }

    @Test
    void givenALongPause_ticksOnceAndThenOnTheNextBoundary() {
        AlignedTicks ticks = new AlignedTicks(TICK, 1_000);
        assertThat(ticks.due(5_050)).isTrue();
        assertThat(ticks.due(5_099)).isFalse();
        assertThat(ticks.due(5_100)).isTrue();
    }

    @Test
    void probesTwentyTimesPerTick_butNeverMoreOftenThanEveryMillisecond() {
        assertThat(AlignedTicks.probeInterval(TICK)).isEqualTo(Duration.ofMillis(5));
        assertThat(AlignedTicks.probeInterval(Duration.ofMillis(10))).isEqualTo(Duration.ofMillis(1));
    }
}
