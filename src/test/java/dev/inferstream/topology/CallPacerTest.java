package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallPacerTest {

    @Test
    void givenAFullBucket_grantsOneBurstAtOnce_thenRefillsAtTheRate() {
        CallPacer pacer = new CallPacer();
        int atOnce = 0;
        while (pacer.tryTake(200, 0, 0)) {
            atOnce++;
        }
        assertThat(atOnce).isEqualTo(20);
        assertThat(pacer.tryTake(200, 4, 0)).isFalse();
        assertThat(pacer.tryTake(200, 5, 0)).isTrue();
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
        assertThat(pacer.tryTake(100, 1_010, 0)).isTrue();
    }

    @Test
    void givenNoRate_neverHoldsACallBack() {
        CallPacer pacer = new CallPacer();
        for (int i = 0; i < 1_000; i++) {
            assertThat(pacer.tryTake(0, 0, 1)).isTrue();
        }
    }
}
