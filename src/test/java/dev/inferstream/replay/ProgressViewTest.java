package dev.inferstream.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressViewTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final List<String> printed = new ArrayList<>();

    @Test
    void onATerminalTheBarIsRedrawnInPlaceAtMostFiveTimesASecond() {
        ProgressView view = ProgressView.forOutput(true, printed::add, clock::get);

        view.update(progress(250, 100, 50, 10_000));
        clock.addAndGet(100);
        view.update(progress(300, 120, 60, 10_100));
        clock.addAndGet(100);
        view.update(progress(500, 200, 100, 10_200));

        assertThat(printed).hasSize(2).allSatisfy(text -> assertThat(text).startsWith("\r").doesNotContain("\n"));
        assertThat(printed.get(1))
                .isEqualTo("\r[###############...............]  50% scanned 500 matched 200 published 100 10/s ETA 0:10");
    }

    @Test
    void theTerminalBarEndsItsLineWhenFinished() {
        ProgressView view = ProgressView.forOutput(true, printed::add, clock::get);

        view.finish(progress(1_000, 400, 400, 20_000));

        assertThat(printed).singleElement().satisfies(text -> assertThat(text)
                .contains("[##############################] 100%").contains("ETA 0:00").endsWith(System.lineSeparator()));
    }

    @Test
    void withoutATerminalAPlainLineIsPrintedEveryFiveSeconds() {
        ProgressView view = ProgressView.forOutput(false, printed::add, clock::get);

        view.update(progress(10, 5, 0, 1_000));
        clock.addAndGet(4_999);
        view.update(progress(40, 20, 10, 4_999));
        clock.addAndGet(1);
        view.update(progress(50, 25, 10, 5_000));
        clock.addAndGet(5_000);
        view.update(progress(100, 50, 20, 10_000));

        assertThat(printed).containsExactly(
                "replay progress: 5% of the window, scanned 50, matched 25, published 10, 2.0/s, ETA 1:35" + System.lineSeparator(),
                "replay progress: 10% of the window, scanned 100, matched 50, published 20, 2.0/s, ETA 1:30" + System.lineSeparator());
        assertThat(printed).noneMatch(text -> text.contains("\r"));
    }

    @Test
    void progressFollowsOffsetsSoTransactionMarkersStillReachTheEnd() {
        Progress done = new Progress(12, 12, 8, 8, 8, Duration.ofSeconds(1));

        assertThat(done.fractionScanned()).isEqualTo(1.0);
        assertThat(ProgressView.TerminalBar.render(done)).startsWith("[##############################] 100% scanned 8 ");
    }

    @Test
    void theEtaIsUnknownUntilSomethingWasScanned() {
        assertThat(progress(0, 0, 0, 0).eta()).isEmpty();
        assertThat(ProgressView.TerminalBar.render(progress(0, 0, 0, 0))).endsWith("ETA --:--");
    }

    private static Progress progress(long scanned, long matched, long published, long elapsedMillis) {
        return new Progress(1_000, scanned, scanned, matched, published, Duration.ofMillis(elapsedMillis));
    }
}
