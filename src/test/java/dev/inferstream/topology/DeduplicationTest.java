package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** A requestId starts at most one job while pending and within the dedupe retention after it ended. */
class DeduplicationTest {

    @Test
    void givenDuplicateWhilePending_startsNoSecondJob() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send(Requests.live("r-1").build());
            harness.advance(Duration.ofMillis(500));
            harness.send(Requests.live("r-1").build());

            harness.advance(Duration.ofSeconds(10));

            assertThat(harness.api.submits()).isEqualTo(1);
            assertThat(harness.completed()).hasSize(1);
            assertThat(harness.counter("inferstream.requests", "result", "deduplicated")).isEqualTo(1);
        }
    }

    @Test
    void givenDuplicateAfterTheJobEnded_withinRetention_startsNothingAndEmitsNothing() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send(Requests.live("r-1").build());
            harness.advance(Duration.ofSeconds(10));
            assertThat(harness.completed()).hasSize(1);

            harness.advanceCoarsely(Duration.ofDays(6), Duration.ofHours(1));
            harness.send(Requests.live("r-1").setModelIdentifier("another-model").build());
            harness.advance(Duration.ofSeconds(10));

            assertThat(harness.api.submits()).isEqualTo(1);
            assertThat(harness.completed()).isEmpty();
            assertThat(harness.failed()).isEmpty();
        }
    }

    @Test
    void givenRetentionPassed_tombstoneIsPurgedAndTheIdIsAcceptedAgain() {
        TopologySettings settings = TopologySettings.defaults().toBuilder().dedupeRetention(Duration.ofMinutes(1)).build();
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            harness.send(Requests.live("r-1").build());
            harness.advance(Duration.ofSeconds(10));
            assertThat(harness.completed()).hasSize(1);

            harness.advance(Duration.ofSeconds(61));
            assertThat(harness.ticks).anySatisfy(tick -> assertThat(tick.purged()).isEqualTo(1));
            harness.send(Requests.live("r-1").build());
            harness.advance(Duration.ofSeconds(10));

            assertThat(harness.api.submits()).isEqualTo(2);
            assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("r-1");
        }
    }

    @Test
    void givenManyExpiredTombstones_purgesThemInBoundedSlices() {
        TopologySettings settings = TopologySettings.defaults()
                .toBuilder().dedupeRetention(Duration.ofMinutes(1))
                .tickBudget(new TopologySettings.TickBudget(500, 2_000, 10)).build();
        try (TopologyHarness harness = new TopologyHarness(settings)) {
            for (int i = 0; i < 25; i++) {
                harness.send(Requests.live("r-" + i).build());
            }
            harness.advance(Duration.ofSeconds(10));
            assertThat(harness.completed()).hasSize(25);
            harness.ticks.clear();

            harness.advance(Duration.ofSeconds(61));

            assertThat(harness.ticks).allSatisfy(tick -> assertThat(tick.purged()).isLessThanOrEqualTo(10));
            assertThat(harness.ticks.stream().mapToInt(TickReport::purged).sum()).isEqualTo(25);
            assertThat(harness.ticks.stream().filter(tick -> tick.purged() > 0).count()).isEqualTo(3);
        }
    }

    @Test
    void givenInvalidRequest_keepsNoTombstone_soACorrectedRequestWithTheSameIdIsAccepted() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send(Requests.live("r-1").setSourceIds(java.util.List.of()).build());
            harness.advance(Duration.ofMillis(200));
            assertThat(harness.failed()).hasSize(1);

            harness.send(Requests.live("r-1").build());
            harness.advance(Duration.ofSeconds(10));

            assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("r-1");
        }
    }

    @Test
    void givenInvalidRecordUnderThePendingRequestsKey_isTreatedAsADuplicate_soTheKeyStillGetsOneEvent() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send(Requests.live("r-1").build());
            harness.send(Requests.live("r-1").setGroupName("").build());

            harness.advance(Duration.ofSeconds(10));

            assertThat(harness.failed()).isEmpty();
            assertThat(harness.completed()).hasSize(1);
        }
    }
}
