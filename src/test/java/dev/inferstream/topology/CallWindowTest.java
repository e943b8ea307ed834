package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CallWindowTest {

    @Test
    void givenCallsMadeLateInASlot_theirPlacesFreeAtTheStartOfTheSlotASecondLater() {
        CallWindow window = new CallWindow(10);
        for (int i = 0; i < 5; i++) {
            window.record(190);
        }
        assertThat(window.count(1_099)).isEqualTo(5);
        assertThat(window.count(1_100)).as("910 ms after they left, but ten slots on").isZero();
    }

    @Test
    void givenMoreCallsThanItsCapacity_itKeepsTheNewest() {
        CallWindow window = new CallWindow(3);
        window.record(0);
        window.record(100);
        window.record(200);
        window.record(300);
        assertThat(window.count(300)).isEqualTo(3);
        assertThat(window.count(1_150)).as("the calls of slots 2 and 3 remain").isEqualTo(2);
    }
}
