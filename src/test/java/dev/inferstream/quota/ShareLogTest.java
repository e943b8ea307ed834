package dev.inferstream.quota;

import static dev.inferstream.quota.Reports.report;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShareLogTest {

    private final ShareLog log = new ShareLog();

    @Test
    void aSlotsView_isFinalOnlyOnceAReportOfALaterSlotHasBeenRead() {
        log.append(report("a", 10, 1, 0));
        log.append(report("b", 10, 1, 1));
        assertThat(log.view(10)).isEmpty();

        log.append(report("a", 11, 1, 0));

        assertThat(log.view(10)).hasValueSatisfying(view -> assertThat(view.reports()).containsOnlyKeys("a", "b"));
        assertThat(log.view(11)).isEmpty();
    }

    @Test
    void aReportArrivingAfterALaterSlotsReport_isLeftOutOfItsView_byEveryReaderAlike() {
        log.append(report("a", 10, 1, 0));
        log.append(report("a", 11, 1, 0));

        assertThat(log.append(report("late", 10, 1, 1))).isFalse();

        assertThat(log.view(10)).hasValueSatisfying(view -> assertThat(view.reports()).containsOnlyKeys("a"));
    }

    @Test
    void aMembersLatestReportOfTheSlot_isTheOneInTheView() {
        log.append(report("a", 10, 0.2, 0));
        log.append(report("a", 10, 0.9, 0));
        log.append(report("b", 11, 1, 1));

        assertThat(log.view(10).orElseThrow().of("a").orElseThrow().demand()).isEqualTo(0.9);
    }

    @Test
    void aSlotNobodyReportedIn_hasAFinalEmptyView_onceALaterOneIsRead() {
        log.append(report("a", 10, 1, 0));
        log.append(report("a", 13, 1, 0));

        assertThat(log.view(12)).hasValueSatisfying(view -> assertThat(view.reports()).isEmpty());
    }

    @Test
    void oldViews_areForgotten() {
        log.append(report("a", 10, 1, 0));
        log.append(report("a", 100, 1, 0));

        assertThat(log.view(10)).isEmpty();
        assertThat(log.append(report("a", 50, 1, 0))).isFalse();
    }
}
