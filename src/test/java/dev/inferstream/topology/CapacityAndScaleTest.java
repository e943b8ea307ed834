package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.InferenceRequested;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits shared by all tasks, lanes, bounded ticks and a tick cost that follows due jobs only. */
class CapacityAndScaleTest {

    private static TopologySettings withLimits(int maxInFlight, double callsPerSecond) {
        return TopologySettings.defaults().toBuilder()
                .limits(TopologySettings.Limits.defaults().withInFlightAndRate(maxInFlight, callsPerSecond)).build();
    }

    @Test
    void givenMoreDueJobsThanInFlightSlots_neverHasMoreCallsOutstandingThanTheLimit() {
        try (TopologyHarness harness = new TopologyHarness(withLimits(5, 0))) {
            harness.api.holdAnswers(true);
            for (int i = 0; i < 20; i++) {
                harness.send(Requests.live("r-" + i).build());
            }

            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.api.heldCount()).isEqualTo(5);

            harness.api.releaseHeld();
            harness.advance(Duration.ofMillis(300));
            assertThat(harness.api.heldCount()).isEqualTo(5);
            assertThat(harness.api.submits()).isEqualTo(10);
        }
    }

    @Test
    void givenEverySlotBusy_theNextPostsArePreparedMeanwhile_andLeaveOnTheFirstTickAfterSlotsFree() {
        try (TopologyHarness harness = new TopologyHarness(withLimits(5, 0))) {
            harness.api.holdAnswers(true);
            for (int i = 0; i < 20; i++) {
                harness.send(Requests.live("r-" + i).build());
            }
            harness.advance(Duration.ofSeconds(1));
            assertThat(harness.api.heldCount()).isEqualTo(5);

            harness.api.releaseHeld();
            harness.advance(harness.settings.tickInterval());

            assertThat(harness.api.submits()).as("no commit wait between a free slot and the next POST").isEqualTo(10);
        }
    }

    @Test
    void givenRateLimit_noOneSecondWindowHoldsMoreCallsThanTheLimit() {
        try (TopologyHarness harness = new TopologyHarness(withLimits(1_000, 20))) {
            for (int i = 0; i < 200; i++) {
                harness.send(Requests.live("r-" + i).build());
            }

            harness.advance(Duration.ofSeconds(15));

            List<Long> times = harness.api.calls().stream().map(FakeAnnoLabClient.Call::at).toList();
            assertThat(times).hasSizeGreaterThan(200);
            for (int i = 0; i < times.size(); i++) {
                long start = times.get(i);
                long inWindow = times.stream().filter(t -> t >= start && t < start + 1_000).count();
                assertThat(inWindow).isLessThanOrEqualTo(20);
            }
        }
    }

    @Test
    void givenBackfillHoldingEverySlotButTheReserve_liveStartsAtOnceAndBackfillKeepsOnlyItsShare() {
        try (TopologyHarness harness = new TopologyHarness(withLimits(10, 0))) {
            harness.api.holdAnswers(true);
            for (int i = 0; i < 30; i++) {
                harness.send(Requests.backfill("b-" + i).setModelIdentifier("model-backfill").build());
            }
            harness.advance(Duration.ofMillis(300));
            assertThat(harness.api.submitsFor("model-backfill"))
                    .as("idle: backfill may use every slot but the live reserve").isEqualTo(9);

            for (int i = 0; i < 8; i++) {
                harness.send(Requests.live("l-" + i).setModelIdentifier("model-live").build());
            }
            harness.advance(Duration.ofMillis(300));
            assertThat(harness.api.submitsFor("model-live")).as("the reserved slot serves live at once").isEqualTo(1);

            harness.api.releaseHeld();
            harness.advance(Duration.ofMillis(300));

            assertThat(harness.api.submitsFor("model-live")).isEqualTo(8);
            assertThat(harness.api.submitsFor("model-backfill") - 9)
                    .as("while live work waits, backfill holds at most 20% of 10 slots").isLessThanOrEqualTo(2);
        }
    }

    @Test
    void givenManyDueJobs_aTickFiresNoMoreCallsThanItsBudget() {
        TopologySettings settings = withLimits(100_000, 0)
                .toBuilder().tickBudget(new TopologySettings.TickBudget(50, 2_000, 1_000)).build();
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            for (int i = 0; i < 400; i++) {
                harness.send(Requests.live("r-" + i).build());
            }

            harness.advance(Duration.ofSeconds(3));

            assertThat(harness.ticks).allSatisfy(tick -> assertThat(tick.calls()).isLessThanOrEqualTo(50));
            assertThat(harness.ticks).anySatisfy(tick -> assertThat(tick.calls()).isEqualTo(50));
            assertThat(harness.ticks).allSatisfy(tick -> assertThat(tick.entriesRead()).isLessThanOrEqualTo(2_000));
        }
    }

    @Test
    void given100kPendingJobsOf10Due_aTickReadsAboutTenEntries() {
        TopologySettings settings = withLimits(1_000_000, 0)
                .toBuilder().tickBudget(new TopologySettings.TickBudget(25_000, 50_000, 1_000))
                .polling(new TopologySettings.Polling(Duration.ofHours(1), Duration.ofMillis(250),
                        Duration.ofSeconds(60), 0.1, 0.1)).build();
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            harness.api.jobDurations(model -> Duration.ofDays(1));
            List<InferenceRequested> pending = new ArrayList<>();
            for (int i = 0; i < 100_000; i++) {
                pending.add(Requests.live("p-" + i).setTimeoutSeconds(86_400).build());
            }
            pending.forEach(harness::send);
            harness.advance(Duration.ofSeconds(2));
            assertThat(harness.api.submits()).isEqualTo(100_000);
            harness.advance(Duration.ofSeconds(1));
            harness.ticks.clear();

            for (int i = 0; i < 10; i++) {
                harness.send(Requests.live("due-" + i).build());
            }
            harness.advance(Duration.ofMillis(100));

            TickReport tick = harness.ticks.get(harness.ticks.size() - 1);
            System.out.printf("tick with 100,000 pending and 10 due read %d due-index entries, fired %d calls%n",
                    tick.entriesRead(), tick.calls());
            assertThat(tick.calls()).isEqualTo(10);
            assertThat(tick.entriesRead()).isBetween(10L, 20L);
        }
    }

    @Test
    void everyTick_isMeteredWithItsDurationAndTheEntriesItRead() {
        try (TopologyHarness harness = new TopologyHarness(withLimits(100, 0))) {
            for (int i = 0; i < 5; i++) {
                harness.send(Requests.live("m-" + i).build());
            }
            harness.advance(Duration.ofSeconds(1));

            var duration = harness.meters.find("inferstream.tick.duration").timer();
            var entries = harness.meters.find("inferstream.tick.entries.read").summary();
            assertThat(duration.count()).isEqualTo(harness.ticks.size()).isPositive();
            assertThat(duration.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .isEqualTo((double) harness.ticks.stream().mapToLong(TickReport::durationNanos).sum()).isPositive();
            assertThat(entries.totalAmount())
                    .isEqualTo((double) harness.ticks.stream().mapToLong(TickReport::entriesRead).sum())
                    .isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void givenAJobFoundFinishedAtItsFirstCheck_itsWholeLifeWritesElevenStoreRecords() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.api.jobDurations(model -> Duration.ofSeconds(2));
            harness.send(Requests.live("w-1").build());
            harness.advance(Duration.ofSeconds(30));
            assertThat(harness.completed()).hasSize(1);
            assertThat(harness.api.statusChecks()).isEqualTo(1);

            long jobs = harness.changelogRecords(dev.inferstream.state.JobStore.STORE_NAME);
            long due = harness.changelogRecords(dev.inferstream.state.DueIndex.STORE_NAME);
            // accepted, submitting, running, ended; the due entry added, then moved three times (delete + add)
            assertThat(jobs).isEqualTo(4);
            assertThat(due).isEqualTo(7);
        }
    }
}
