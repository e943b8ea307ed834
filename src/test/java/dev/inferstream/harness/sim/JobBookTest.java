package dev.inferstream.harness.sim;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Status derivation against a hand-moved clock, so the edges can be checked exactly. */
class JobBookTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicReference<Instant> now = new AtomicReference<>(T0);
    private final InstantSource clock = now::get;

    private static Resolution.Resolved target(DurationSpec duration) {
        return new Resolution.Resolved(new SimProject(1, "p", true, List.of(new SimLayer(10, "l"))),
                new SimModel(100, "m", duration), new SimLayer(10, "l"));
    }

    private JobBook book(double erroredShare) {
        return new JobBook(TestConfigs.quick().erroredShare(erroredShare).queuedFor(Duration.ofMillis(100)).build(), clock);
    }

    @Test
    void givenFixedDuration_statusIsQueuedThenRunningThenTerminalAtTheFinishInstant() {
        Job job = book(0.0).submit("k", target(DurationSpec.fixed(Duration.ofMillis(1000))), List.of(1L));

        assertThat(job.statusAt(T0)).isEqualTo(JobStatus.QUEUED);
        assertThat(job.statusAt(T0.plusMillis(99))).isEqualTo(JobStatus.QUEUED);
        assertThat(job.statusAt(T0.plusMillis(100))).isEqualTo(JobStatus.RUNNING);
        assertThat(job.statusAt(T0.plusMillis(999))).isEqualTo(JobStatus.RUNNING);
        assertThat(job.statusAt(T0.plusMillis(1000))).isEqualTo(JobStatus.FINISHED);
        assertThat(job.stats(T0).finishedAt()).contains(T0.plusMillis(1000));
    }

    @Test
    void givenDurationShorterThanQueueing_jobGoesStraightFromQueuedToTerminal() {
        Job job = book(1.0).submit("k", target(DurationSpec.fixed(Duration.ofMillis(40))), List.of(1L));

        assertThat(job.statusAt(T0.plusMillis(39))).isEqualTo(JobStatus.QUEUED);
        assertThat(job.statusAt(T0.plusMillis(40))).isEqualTo(JobStatus.ERRORED);
    }

    @Test
    void givenUniformDuration_finishFallsWithinTheRange() {
        JobBook book = book(0.0);
        for (int i = 0; i < 200; i++) {
            Job job = book.submit("k", target(DurationSpec.uniform(Duration.ofMillis(500), Duration.ofMillis(700))), List.of(1L));
            assertThat(job.stats(T0).finishedAt()).hasValueSatisfying(finish ->
                    assertThat(finish).isBetween(T0.plusMillis(500), T0.plusMillis(700)));
        }
    }

    @Test
    void givenTerminalCheck_remembersTheFirstTimeItWasSeen() {
        Job job = book(0.0).submit("k", target(DurationSpec.fixed(Duration.ofMillis(100))), List.of(1L));

        job.check(T0.plusMillis(50));
        job.check(T0.plusMillis(150));
        job.check(T0.plusMillis(300));

        JobStats stats = job.stats(T0.plusMillis(300));
        assertThat(stats.statusChecks()).isEqualTo(3);
        assertThat(stats.terminalSeenAt()).contains(T0.plusMillis(150));
    }

    @Test
    void givenAnotherKey_findDoesNotRevealTheJob() {
        JobBook book = book(0.0);
        Job job = book.submit("owner", target(DurationSpec.never()), List.of(1L));

        assertThat(book.find(job.id(), "owner")).containsSame(job);
        assertThat(book.find(job.id(), "someone-else")).isEmpty();
    }
}
