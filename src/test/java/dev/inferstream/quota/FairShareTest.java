package dev.inferstream.quota;

import static dev.inferstream.quota.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FairShareTest {

    @Test
    void givenEveryMemberWantingAll_eachGetsItsPartitionsSlices() {
        Map<String, Double> shares = FairShare.allocate(List.of(report("a", 1, 1, 0, 1), report("b", 1, 1, 2, 3),
                report("c", 1, 1, 4, 5)));

        assertThat(shares.values()).allSatisfy(share -> assertThat(share).isCloseTo(1.0 / 3, offset(1e-6)));
    }

    @Test
    void givenQuietMembers_whatTheyLeaveGoesToTheBusyOne() {
        Map<String, Double> shares = FairShare.allocate(List.of(report("busy", 1, 1, 0), report("quiet", 1, 0.05,
                1, 2, 3, 4, 5)));

        assertThat(shares.get("quiet")).isCloseTo(0.05, offset(1e-6));
        assertThat(shares.get("busy")).isCloseTo(0.95, offset(1e-6));
    }

    @Test
    void givenTwoBusyMembersAndSpare_theSpareIsSplitEqually_noneBeyondItsWant() {
        Map<String, Double> shares = FairShare.allocate(List.of(report("a", 1, 1, 0), report("b", 1, 0.25, 1),
                report("idle", 1, 0, 2, 3, 4, 5)));

        // b wants 1/12 more than its slice, a takes the rest of the idle member's four slices.
        assertThat(shares.get("b")).isCloseTo(0.25, offset(1e-6));
        assertThat(shares.get("a")).isCloseTo(1 - 0.25, offset(1e-6));
        assertThat(shares.get("idle")).isZero();
    }

    @Test
    void givenNobodyWantingAll_whatNobodyWantsGoesBackByPartitions_soTheSharesStillSumToOne() {
        Map<String, Double> shares = FairShare.allocate(List.of(report("a", 1, 0.1, 0, 1), report("b", 1, 0.3, 2),
                report("c", 1, 0.05, 3, 4, 5)));

        // a keeps 0.1, b its slice and 0.3 - 1/6 more, c 0.05: 0.45 left, handed back as 2 : 1 : 3.
        double left = 1 - 0.1 - 0.3 - 0.05;
        assertThat(shares.get("a")).isCloseTo(0.1 + left * 2 / 6, offset(1e-6));
        assertThat(shares.get("b")).isCloseTo(0.3 + left / 6, offset(1e-6));
        assertThat(shares.get("c")).isCloseTo(0.05 + left * 3 / 6, offset(1e-6));
        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, offset(1e-6))
                .isLessThanOrEqualTo(1);
    }

    @Test
    void givenAPartitionReportedByTwoMembersWhileItMoves_itsSliceIsSplitBetweenThem() {
        Map<String, Double> shares = FairShare.allocate(List.of(report("old", 1, 1, 0, 1, 2), report("new", 1, 1, 2, 3,
                4, 5)));

        assertThat(shares.get("old")).isCloseTo(2.5 / 6, offset(1e-6));
        assertThat(shares.get("new")).isCloseTo(3.5 / 6, offset(1e-6));
    }

    @Test
    void givenAMemberAbsentFromTheView_itsPartitionsSlicesAreGivenToNoOne() {
        Map<String, Double> shares = FairShare.allocate(List.of(report("a", 1, 1, 0, 1), report("b", 1, 1, 2, 3)));

        assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(4.0 / 6, offset(1e-6));
    }

    @Test
    void givenAnyReports_sharesSumToAtMostOne_andEveryMemberGetsItsSlicesUpToItsWant() {
        Random random = new Random(7);
        for (int round = 0; round < 2_000; round++) {
            List<ShareReport> reports = new java.util.ArrayList<>();
            int members = 1 + random.nextInt(5);
            for (int m = 0; m < members; m++) {
                Set<Integer> partitions = new java.util.HashSet<>();
                for (int p = 0; p < Reports.PARTITIONS; p++) {
                    if (random.nextInt(members) == 0) {
                        partitions.add(p);
                    }
                }
                reports.add(report("m" + m, 1, random.nextBoolean() ? 1 : random.nextDouble(),
                        partitions.toArray(Integer[]::new)));
            }
            Map<String, Double> shares = FairShare.allocate(reports);

            assertThat(shares.values().stream().mapToDouble(Double::doubleValue).sum()).isLessThanOrEqualTo(1.0);
            for (ShareReport report : reports) {
                long reporters = report.partitions().stream().filter(p -> reports.stream()
                        .filter(r -> r.partitions().contains(p)).count() == 1).count();
                assertThat(shares.get(report.member()) + 1e-6)
                        .isGreaterThanOrEqualTo(Math.min(report.demand(), (double) reporters / Reports.PARTITIONS));
            }
        }
    }
}
