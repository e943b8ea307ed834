package dev.inferstream.quota;

import static dev.inferstream.quota.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShareRuleTest {

    private static final ShareTiming TIMING = ShareTiming.defaults();
    private static final long SLOT = 1_000;

    private long now = 100 * SLOT;
    private final OwnedPartitions owned = new OwnedPartitions(() -> now);
    private final ShareRule rule = new ShareRule("me", TIMING, 300, 256, Reports.PARTITIONS, owned);
    private final ShareLog log = new ShareLog();
    private final Map<Long, Double> demands = new HashMap<>();

    /** Slot {@code slot}'s view: this member with partitions 0-1 and the given demand, another busy with 2-5. */
    private void view(long slot, double myDemand) {
        log.append(report("me", slot, myDemand, 0, 1));
        log.append(report("other", slot, 1, 2, 3, 4, 5));
        demands.put(slot, myDemand);
    }

    @Test
    void duringASlot_theShareComesFromTheViewOfTwoSlotsBefore() {
        view(98, 1);
        view(99, 0.05);
        log.append(report("other", 100, 1, 2, 3, 4, 5));

        assertThat(rule.schedule(100 * SLOT + 500, log, demands).at(100 * SLOT + 500)).isCloseTo(2.0 / 6, offset(1e-6));
        assertThat(rule.schedule(100 * SLOT + 500, log, demands).at(101 * SLOT + 500)).isCloseTo(0.05, offset(1e-6));
    }

    @Test
    void aroundASlotBoundary_theShareIsTheSmallerOfTheTwoViewsShares_forAGuardOnEitherSide() {
        view(98, 1);
        view(99, 0.05);
        log.append(report("other", 100, 1, 2, 3, 4, 5));
        ShareSchedule schedule = rule.schedule(100 * SLOT + 500, log, demands);

        long boundary = 101 * SLOT;
        assertThat(schedule.at(boundary - TIMING.guardMillis() - 1)).isCloseTo(2.0 / 6, offset(1e-6));
        assertThat(schedule.at(boundary - TIMING.guardMillis())).isCloseTo(0.05, offset(1e-6));
        assertThat(schedule.at(boundary + TIMING.guardMillis() - 1)).isCloseTo(0.05, offset(1e-6));
    }

    @Test
    void givenASmallerShareAfterTheBoundary_itStartsAGuardEarly_andALargerOneAGuardLate() {
        view(98, 0.05);
        view(99, 1);
        log.append(report("other", 100, 1, 2, 3, 4, 5));
        ShareSchedule schedule = rule.schedule(100 * SLOT + 500, log, demands);

        long boundary = 101 * SLOT;
        assertThat(schedule.at(boundary + TIMING.guardMillis() - 1)).isCloseTo(0.05, offset(1e-6));
        assertThat(schedule.at(boundary + TIMING.guardMillis())).isCloseTo(2.0 / 6, offset(1e-6));
    }

    @Test
    void withoutAFinalView_theShareIsTheSettledPartitionsSlices_atMostTheDemandThisInstanceReported() {
        now = 90 * SLOT;
        owned.acquired(0);
        owned.acquired(1);
        now = 100 * SLOT;
        owned.acquired(2);
        demands.put(98L, 1.0);
        demands.put(99L, 0.1);
        long at = 100 * SLOT + 500;
        now = at;
        ShareSchedule schedule = rule.schedule(at, log, demands);

        assertThat(schedule.sourceAt(at)).isEqualTo(ShareValue.Source.NO_VIEW);
        assertThat(schedule.at(at)).as("two settled of six; the third is too new").isCloseTo(2.0 / 6, offset(1e-9));
        assertThat(schedule.at(101 * SLOT + 500)).as("capped by the demand reported for slot 99").isEqualTo(0.1);
    }

    @Test
    void givenAFinalViewWithoutThisInstancesReport_itFallsBackToItsSettledPartitions() {
        now = 90 * SLOT;
        owned.acquired(0);
        now = 100 * SLOT + 500;
        log.append(report("other", 98, 1, 2, 3, 4, 5));
        log.append(report("other", 99, 1, 2, 3, 4, 5));
        demands.put(98L, 1.0);
        ShareSchedule schedule = rule.schedule(100 * SLOT + 500, log, demands);

        assertThat(schedule.sourceAt(100 * SLOT + 500)).isEqualTo(ShareValue.Source.NOT_IN_VIEW);
        assertThat(schedule.at(100 * SLOT + 500)).isCloseTo(1.0 / 6, offset(1e-9));
    }

    @Test
    void afterTheLastSlotThisInstanceReportedFor_theScheduleRunsOutToZero() {
        view(98, 1);
        view(99, 1);
        view(100, 1);
        log.append(report("other", 101, 1, 2, 3, 4, 5));
        ShareSchedule schedule = rule.schedule(100 * SLOT + 500, log, demands);

        assertThat(schedule.at(103 * SLOT - TIMING.guardMillis() - 1)).isCloseTo(2.0 / 6, offset(1e-6));
        assertThat(schedule.at(103 * SLOT - TIMING.guardMillis())).isZero();
    }

    @Test
    void givenMembersConfiguredWithDifferentQuotas_theShareIsOfTheSmallest() {
        log.append(report("me", 98, 1, 0, 1, 2));
        log.append(new ShareReport("other", 98, Reports.PARTITIONS, Set.of(3, 4, 5), 1, 150, 256));
        log.append(report("other", 99, 1, 3, 4, 5));
        demands.put(98L, 1.0);

        // Half of 150 calls/s is a quarter of this instance's own 300.
        assertThat(rule.schedule(100 * SLOT + 500, log, demands).at(100 * SLOT + 500)).isCloseTo(0.25, offset(1e-6));
    }
}
