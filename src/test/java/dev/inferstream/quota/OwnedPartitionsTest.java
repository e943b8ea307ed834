package dev.inferstream.quota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OwnedPartitionsTest {

    private long now = 1_000;
    private final OwnedPartitions owned = new OwnedPartitions(() -> now);

    @Test
    void aPartition_settlesOnlyAfterRunningHereForTheSettleTime() {
        owned.acquired(3);
        now += 3_999;
        assertThat(owned.settled(now, 4_000)).isZero();

        now += 1;
        assertThat(owned.settled(now, 4_000)).isOne();
        assertThat(owned.owned()).containsExactly(3);
    }

    @Test
    void aReleasedPartition_isNeitherOwnedNorSettled_andStartsOverWhenTakenAgain() {
        owned.acquired(3);
        now += 10_000;
        owned.released(3);
        assertThat(owned.owned()).isEmpty();

        owned.acquired(3);
        assertThat(owned.settled(now, 4_000)).isZero();
    }

    @Test
    void aTaskInitialisedTwiceWithoutClosing_keepsItsFirstStart() {
        owned.acquired(1);
        now += 5_000;
        owned.acquired(1);

        assertThat(owned.settled(now, 4_000)).isOne();
    }
}
