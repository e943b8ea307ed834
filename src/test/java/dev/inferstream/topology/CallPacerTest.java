package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallPacerTest {

    @Test
    void givenAFullBucket_grantsOneBurstAtOnce_thenTheNextSlotsShareAtItsStart() {
        CallPacer pacer = new CallPacer();
        assertThat(drain(pacer, 0)).isEqualTo(20);
        assertThat(pacer.tryTake(200, 99, 0)).isFalse();
        assertThat(drain(pacer, 100)).isEqualTo(20);
    }

    @Test
    void givenTicksLateInTheirSlots_eachSlotStillGrantsItsWholeShare() {
        CallPacer pacer = new CallPacer();
        drain(pacer, 0);
        assertThat(drain(pacer, 140)).isEqualTo(20);
        assertThat(drain(pacer, 200)).as("60 ms after the last tick, but a new slot").isEqualTo(20);
    }

    private static int drain(CallPacer pacer, long now) {
        int taken = 0;
        while (pacer.tryTake(200, now, 0)) {
            taken++;
        }
        return taken;
    }

    @Test
    void givenACallerLeavingOneToken_theNextCallerStillGetsOne() {
        CallPacer pacer = new CallPacer();
        int backfill = 0;
        while (pacer.tryTake(200, 0, 1)) {
            backfill++;
        }
        assertThat(backfill).isEqualTo(19);
        assertThat(pacer.tryTake(200, 0, 0)).isTrue();
    }

    @Test
    void givenASlowRate_aCallerLeavingOneTokenIsStillServed() {
        CallPacer pacer = new CallPacer();
        assertThat(pacer.tryTake(1, 0, 1)).isTrue();
        assertThat(pacer.tryTake(1, 0, 1)).isFalse();
        assertThat(pacer.tryTake(1, 1_000, 1)).isTrue();
    }

    @Test
    void givenAClockThatStepsBack_noTokensAreLost() {
        CallPacer pacer = new CallPacer();
        while (pacer.tryTake(100, 1_000, 0)) {
            // drain the burst
        }
        assertThat(pacer.tryTake(100, 900, 0)).isFalse();
        assertThat(pacer.tryTake(100, 1_100, 0)).isTrue();
    }

    @Test
    void givenNoRate_neverHoldsACallBack() {
        CallPacer pacer = new CallPacer();
        for (int i = 0; i < 1_000; i++) {
            assertThat(pacer.tryTake(0, 0, 1)).isTrue();
        }
    }
}
