package dev.inferstream.harness.sim;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalLogTest {

    @Test
    void givenMoreArrivalsThanCapacity_keepsTheNewest() {
        ArrivalLog log = new ArrivalLog(3);
        for (long at = 1; at <= 5; at++) {
            log.record(at);
        }
        assertThat(log.snapshot()).containsExactly(3L, 4L, 5L);
    }

    @Test
    void givenClear_forgetsEverything() {
        ArrivalLog log = new ArrivalLog(3);
        log.record(7);
        log.clear();
        assertThat(log.snapshot()).isEmpty();
    }
}
