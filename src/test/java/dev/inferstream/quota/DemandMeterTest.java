package dev.inferstream.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.inferstream.topology.ApiCapacity;
import org.junit.jupiter.api.Test;

class DemandMeterTest {

    private final DemandMeter meter = new DemandMeter(300, 200, ShareTiming.defaults());

    @Test
    void givenARefusedCall_theInstanceWantsTheWholeQuota() {
        meter.sample(new ApiCapacity.Usage(0, 0, 0), 2);

        assertThat(meter.sample(new ApiCapacity.Usage(30, 1, 0), 2)).isEqualTo(1.0);
    }

    @Test
    void givenNoRefusal_itWantsWhatItUsedWithRoomToGrow() {
        meter.sample(new ApiCapacity.Usage(0, 0, 0), 2);

        assertThat(meter.sample(new ApiCapacity.Usage(60, 0, 10), 2)).isCloseTo(60 / 300.0 * DemandMeter.GROWTH,
                offset(1e-9));
    }

    @Test
    void givenManyCallsInFlightButFewStarted_theInFlightShareCounts() {
        meter.sample(new ApiCapacity.Usage(0, 0, 0), 2);

        assertThat(meter.sample(new ApiCapacity.Usage(3, 0, 100), 2)).isCloseTo(100 / 200.0 * DemandMeter.GROWTH,
                offset(1e-9));
    }

    @Test
    void givenNoCalls_itKeepsAMinimum_butWithoutPartitionsItWantsNothing() {
        meter.sample(new ApiCapacity.Usage(0, 0, 0), 1);

        assertThat(meter.sample(new ApiCapacity.Usage(0, 0, 0), 1)).isEqualTo(DemandMeter.MIN_DEMAND);
        assertThat(meter.sample(new ApiCapacity.Usage(0, 5, 0), 0)).isZero();
    }

    @Test
    void aBusyInstanceThatStallsForASlot_keepsWantingAll_untilItHasBeenQuietForAFewSlots() {
        meter.sample(new ApiCapacity.Usage(0, 0, 0), 2);
        assertThat(meter.sample(new ApiCapacity.Usage(280, 9, 0), 2)).isEqualTo(1.0);

        long calls = 280;
        for (int slot = 1; slot < DemandMeter.MEMORY; slot++) {
            calls += 3;
            assertThat(meter.sample(new ApiCapacity.Usage(calls, 9, 0), 2)).as("quiet slot %d", slot).isEqualTo(1.0);
        }
        assertThat(meter.sample(new ApiCapacity.Usage(calls + 3, 9, 0), 2)).isCloseTo(3 / 300.0 * DemandMeter.GROWTH,
                offset(1e-9));
    }
}
