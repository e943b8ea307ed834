package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Backoff after transient failures, Retry-After after 429, the polling schedule, and the 401 pause. */
class RetryAndPauseTest {

    private final TopologyHarness harness = TopologyHarness.withDefaults();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void givenTransientFailure_retriesAfterJitteredBackoffWithinBaseBackoff() {
        AtomicInteger failures = new AtomicInteger(1);
        harness.api.scriptSubmits(request -> failures.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.Transient("Bad Gateway", 502, Duration.ZERO)) : Optional.empty());
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(5));

        List<Long> submits = submitTimes();
        assertThat(submits).hasSize(2);
        long gap = submits.get(1) - submits.get(0);
        // answer applied one tick later, then half to all of the 1 s base backoff, then one tick to commit SUBMITTING
        assertThat(gap).isBetween(500L + 200, 1_000L + 300);
    }

    @Test
    void givenConsecutiveTransientFailures_backoffGrowsExponentially() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Transient("Internal Server Error", 500,
                Duration.ZERO)));
        harness.send(Requests.live("r-1").build());

        harness.advanceCoarsely(Duration.ofSeconds(40), Duration.ofMillis(100));

        List<Long> submits = submitTimes();
        assertThat(submits.size()).isBetween(5, 7);
        for (int i = 2; i < submits.size(); i++) {
            long previous = submits.get(i - 1) - submits.get(i - 2);
            long current = submits.get(i) - submits.get(i - 1);
            assertThat(current).as("gap %d after gap %d", current, previous).isGreaterThan(previous / 2 + 200);
        }
    }

    @Test
    void given429WithRetryAfter_waitsAtLeastThatLongBeforeTheNextAttempt() {
        AtomicInteger limited = new AtomicInteger(1);
        harness.api.scriptSubmits(request -> limited.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.RateLimited(Optional.of(Duration.ofSeconds(12)), 429, Duration.ZERO))
                : Optional.empty());
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(11));
        assertThat(submitTimes()).hasSize(1);

        harness.advance(Duration.ofSeconds(10));
        List<Long> submits = submitTimes();
        assertThat(submits).hasSize(2);
        assertThat(submits.get(1) - submits.get(0)).isGreaterThanOrEqualTo(12_000);
        assertThat(harness.completed()).hasSize(1);
    }

    @Test
    void givenJobStillRunning_checksAgainAfterGrowingIntervalsCappedAtTheMaximum() {
        harness.api.jobDurations(model -> Duration.ofHours(10));
        harness.send(Requests.live("r-long").setTimeoutSeconds(3_600).build());

        harness.advanceCoarsely(Duration.ofMinutes(30), Duration.ofMillis(100));

        List<Long> checks = harness.api.calls().stream().filter(call -> call.kind().equals("status"))
                .map(FakeAnnoLabClient.Call::at).toList();
        long max = harness.settings.polling().maxInterval().toMillis();
        for (int i = 1; i < checks.size(); i++) {
            assertThat(checks.get(i) - checks.get(i - 1)).isLessThanOrEqualTo(Math.round(max * 1.1) + 100);
        }
        assertThat(checks.get(2) - checks.get(1)).isGreaterThan(checks.get(1) - checks.get(0));
        // 30 minutes at a 60 s cap: about 30 checks, plus the short ones at the start
        assertThat(checks.size()).isBetween(30, 45);
    }

    @Test
    void given401_pausesEveryCall_probesOneAtATime_andResumesWithoutFailingAnything() {
        AtomicBoolean keyWorks = new AtomicBoolean(false);
        harness.api.scriptSubmits(request -> keyWorks.get()
                ? Optional.empty() : Optional.of(new ApiOutcome.Unauthorized(401, Duration.ZERO)));
        harness.send(Requests.live("r-1").build());
        harness.send(Requests.live("r-2").build());

        harness.advance(Duration.ofMillis(300));
        assertThat(harness.services.capacity().isPaused()).isTrue();
        long callsWhenPaused = harness.api.submits();
        assertThat(callsWhenPaused).as("the first 401 stops the second request's POST too").isLessThanOrEqualTo(2);

        harness.advance(Duration.ofSeconds(1));
        assertThat(harness.api.submits()).isEqualTo(callsWhenPaused);

        harness.advance(Duration.ofSeconds(20));
        long probes = harness.api.submits() - callsWhenPaused;
        assertThat(probes).as("probes back off: 2 s, 4 s, 8 s, ...").isBetween(2L, 4L);
        assertThat(harness.failed()).isEmpty();

        keyWorks.set(true);
        harness.advance(Duration.ofSeconds(40));

        assertThat(harness.services.capacity().isPaused()).isFalse();
        assertThat(harness.completed()).extracting(TestRecord::key).containsExactlyInAnyOrder("r-1", "r-2");
        assertThat(harness.failed()).isEmpty();
    }

    @Test
    void given401UntilTheDeadline_requestsTimeOutRatherThanFailAsUnauthorized() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Unauthorized(401, Duration.ZERO)));
        harness.send(Requests.live("r-1").setTimeoutSeconds(20).build());

        harness.advance(Duration.ofSeconds(25));

        assertThat(harness.failed()).singleElement().satisfies(record ->
                assertThat(record.value().getReason().name()).isEqualTo("TIMED_OUT"));
    }

    private List<Long> submitTimes() {
        return harness.api.calls().stream().filter(call -> call.kind().equals("submit"))
                .map(FakeAnnoLabClient.Call::at).toList();
    }
}
