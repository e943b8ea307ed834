package dev.inferstream.harness.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Runs the backfill isolation measurement and checks only correctness: the latency figures depend on the
 * machine and are printed, never asserted.
 */
class BackfillIsolationIT {

    @Test
    void underABackfillOfFiveThousandEveryLiveAndBackfillRequestCompletesExactlyOnce() throws Exception {
        BackfillIsolationCheck.Settings settings = BackfillIsolationCheck.Settings.defaults();

        BackfillIsolationCheck.Figures figures = BackfillIsolationCheck.run(settings);

        System.out.println(figures.report());
        assertThat(figures.liveCompleted()).isEqualTo(2L * settings.live());
        assertThat(figures.backfillCompleted()).isEqualTo(settings.backfill());
        assertThat(figures.terminalEvents()).isEqualTo(figures.distinctEnded());
        assertThat(figures.idle().count()).isEqualTo(settings.live());
        assertThat(figures.underBackfill().count()).isEqualTo(settings.live());
    }
}
