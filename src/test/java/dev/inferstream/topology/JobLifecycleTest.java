package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One request from acceptance to its terminal event, for every row of the failure reason table (README.md, docs/architecture.md). */
class JobLifecycleTest {

    private final TopologyHarness harness = TopologyHarness.withDefaults();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void givenJobFinished_emitsExactlyOneCompletedEventCarryingTheContractFields() {
        InferenceRequested request = Requests.live("r-1").build();
        harness.send(request);

        harness.advance(Duration.ofSeconds(10));

        List<TestRecord<String, InferenceCompleted>> completed = harness.completed();
        assertThat(completed).hasSize(1);
        assertThat(completed.get(0).key()).isEqualTo("r-1");
        InferenceCompleted event = completed.get(0).value();
        assertThat(event.getRequestId()).isEqualTo("r-1");
        assertThat(event.getInferenceJobId()).isEqualTo(1000L);
        assertThat(event.getStatus()).isEqualTo("Finished");
        assertThat(event.getProjectId()).isEqualTo(7L);
        assertThat(event.getProjectName()).isEqualTo("demo-project");
        assertThat(event.getOutputLayerId()).isEqualTo(42L);
        assertThat(event.getOutputLayerName()).isEqualTo("predictions");
        assertThat(event.getSourceIds()).containsExactly(11L, 12L);
        assertThat(event.getSubmitAttempts()).isEqualTo(1);
        assertThat(event.getStatusChecks()).isEqualTo(1);
        assertThat(event.getSubmittedAt()).isAfter(Instant.ofEpochMilli(TopologyHarness.T0));
        assertThat(event.getCompletedAt()).isAfter(event.getSubmittedAt());
        assertThat(event.getRequest()).isEqualTo(request);
        assertThat(event.getRequest().getAttributes()).containsEntry("traceId", "trace-r-1");
        assertThat(harness.failed()).isEmpty();

        var detection = harness.meters.find("inferstream.finish.detection.window").timer();
        assertThat(detection.count()).isEqualTo(1);
        assertThat(detection.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
                .isEqualTo((double) (event.getCompletedAt().toEpochMilli() - event.getSubmittedAt().toEpochMilli()));

        harness.advance(Duration.ofMinutes(1));
        assertThat(harness.completed()).isEmpty();
        assertThat(harness.api.submits()).isEqualTo(1);
        assertThat(harness.api.statusChecks()).isEqualTo(1);
    }

    @Test
    void givenPostAnswered400_emitsOneRejectedFailureWithTheApiMessage_andNeverPolls() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Rejected(400, "Layer 'x' not found", Duration.ZERO)));
        harness.send(Requests.live("r-400").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failure = onlyFailure();
        assertThat(failure.getReason()).isEqualTo(FailureReason.REJECTED);
        assertThat(failure.getMessage()).contains("Layer 'x' not found");
        assertThat(failure.getHttpStatus()).isEqualTo(400);
        assertThat(failure.getRetryable()).isFalse();
        assertThat(failure.getInferenceJobId()).isNull();
        assertThat(failure.getSubmitAttempts()).isEqualTo(1);
        assertThat(failure.getRequest().getRequestId()).isEqualTo("r-400");
        assertThat(harness.api.statusChecks()).isZero();
        assertThat(harness.completed()).isEmpty();
    }

    @Test
    void givenPostAnswered403_emitsUnauthorizedForThatRequestOnly() {
        harness.api.scriptSubmits(request -> request.projectIdentifier().equals("locked")
                ? Optional.of(new ApiOutcome.Forbidden("You lack Model Run permission", 403, Duration.ZERO))
                : Optional.empty());
        harness.send(Requests.live("r-403").setProjectIdentifier("locked").build());
        harness.send(Requests.live("r-ok").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failure = onlyFailure();
        assertThat(failure.getRequestId()).isEqualTo("r-403");
        assertThat(failure.getReason()).isEqualTo(FailureReason.UNAUTHORIZED);
        assertThat(failure.getHttpStatus()).isEqualTo(403);
        assertThat(failure.getMessage()).contains("Model Run");
        assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("r-ok");
    }

    @Test
    void givenStatusAnswered404_emitsNotFoundWithTheJobId() {
        harness.api.scriptStatus(jobId -> Optional.of(new ApiOutcome.NotFound(404, Duration.ZERO)));
        harness.send(Requests.live("r-404").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failure = onlyFailure();
        assertThat(failure.getReason()).isEqualTo(FailureReason.NOT_FOUND);
        assertThat(failure.getHttpStatus()).isEqualTo(404);
        assertThat(failure.getInferenceJobId()).isEqualTo(1000L);
        assertThat(failure.getStatusChecks()).isEqualTo(1);
    }

    @Test
    void givenJobErrored_emitsJobErroredMarkedRetryable() {
        harness.api.scriptStatus(jobId -> Optional.of(new ApiOutcome.JobStatus(jobId, "errored", OptionalLong.empty(),
                List.of(), 200, Duration.ZERO)));
        harness.send(Requests.live("r-err").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failure = onlyFailure();
        assertThat(failure.getReason()).isEqualTo(FailureReason.JOB_ERRORED);
        assertThat(failure.getMessage()).contains("errored");
        assertThat(failure.getRetryable()).isTrue();
        assertThat(failure.getInferenceJobId()).isEqualTo(1000L);
    }

    @Test
    void givenJobFinished_theStoredJobShowsTheStatusThatEndedIt() {
        harness.send(Requests.live("r-done").build());

        harness.advance(Duration.ofSeconds(10));

        JobState job = harness.job("r-done").orElseThrow();
        assertThat(job.getPhase()).isEqualTo(JobPhase.ENDED);
        assertThat(job.getOutcome()).isEqualTo("COMPLETED");
        assertThat(job.getLastStatus()).as("not the Queued of the 201").isEqualTo("Finished");
        assertThat(job.getLastError()).isNull();
    }

    @Test
    void givenJobErroredAfterARateLimit_theStoredJobKeepsItsFailureMessage_notTheEarlierTransientError() {
        int[] rateLimitsLeft = {1};
        harness.api.scriptStatus(jobId -> rateLimitsLeft[0]-- > 0
                ? Optional.of(new ApiOutcome.RateLimited(Optional.empty(), 429, Duration.ZERO))
                : Optional.of(new ApiOutcome.JobStatus(jobId, "Errored", OptionalLong.empty(), List.of(), 200,
                        Duration.ZERO)));
        harness.send(Requests.live("r-429-err").build());

        harness.advance(Duration.ofSeconds(30));

        InferenceFailed failure = onlyFailure();
        JobState job = harness.job("r-429-err").orElseThrow();
        assertThat(job.getOutcome()).isEqualTo("JOB_ERRORED");
        assertThat(job.getLastStatus()).isEqualTo("Errored");
        assertThat(job.getLastError()).isEqualTo(failure.getMessage()).doesNotContain("429");
    }

    @Test
    void givenJobNeverFinishes_timesOutAtTheRequestsDeadlineAndNotBefore() {
        harness.api.jobDurations(model -> Duration.ofHours(5));
        harness.send(Requests.live("r-slow").setTimeoutSeconds(30).build());

        harness.advance(Duration.ofSeconds(29));
        assertThat(harness.failed()).isEmpty();

        harness.advance(Duration.ofSeconds(2));
        InferenceFailed failure = onlyFailure();
        assertThat(failure.getReason()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failure.getRetryable()).isTrue();
        assertThat(failure.getMessage()).contains("30 s").contains("Running");
        assertThat(failure.getInferenceJobId()).isEqualTo(1000L);
        assertThat(failure.getStatusChecks()).isGreaterThanOrEqualTo(2);

        harness.advance(Duration.ofMinutes(5));
        assertThat(harness.failed()).isEmpty();
        assertThat(harness.api.calls()).allSatisfy(call ->
                assertThat(call.at()).isLessThanOrEqualTo(TopologyHarness.T0 + 31_000));
    }

    @Test
    void givenJobFinishesJustBeforeTheDeadline_aFinalCheckAtTheDeadlineCompletesIt() {
        harness.api.jobDurations(model -> Duration.ofMillis(29_500));
        harness.send(Requests.live("r-close").setTimeoutSeconds(30).build());

        harness.advance(Duration.ofSeconds(32));

        assertThat(harness.failed()).isEmpty();
        assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("r-close");
    }

    @Test
    void givenEveryCallFailsTransiently_emitsRetriesExhaustedAfterTheBudget() {
        TopologySettings.Retries retries = harness.settings.retries();
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Transient("Service Unavailable", 503, Duration.ZERO)));
        harness.send(Requests.live("r-503").build());

        harness.advanceCoarsely(Duration.ofMinutes(20), Duration.ofMillis(100));

        InferenceFailed failure = onlyFailure();
        assertThat(failure.getReason()).isEqualTo(FailureReason.RETRIES_EXHAUSTED);
        assertThat(failure.getRetryable()).isTrue();
        assertThat(failure.getHttpStatus()).isEqualTo(503);
        assertThat(failure.getSubmitAttempts()).isEqualTo(retries.maxConsecutiveTransients() + 1);
        assertThat(harness.api.submits()).isEqualTo(retries.maxConsecutiveTransients() + 1);
    }

    @Test
    void givenTransientThenSuccess_completesWithTheAttemptsCounted() {
        int[] failuresLeft = {2};
        harness.api.scriptSubmits(request -> failuresLeft[0]-- > 0
                ? Optional.of(new ApiOutcome.Transient("connection reset", ApiOutcome.NO_RESPONSE, Duration.ZERO))
                : Optional.empty());
        harness.send(Requests.live("r-flaky").build());

        harness.advance(Duration.ofSeconds(20));

        assertThat(harness.failed()).isEmpty();
        InferenceCompleted event = harness.completed().get(0).value();
        assertThat(event.getSubmitAttempts()).isEqualTo(3);
        assertThat(harness.counter("inferstream.submissions.suspected.double"))
                .as("a POST that got no answer may have created a job").isEqualTo(2);
    }

    @Test
    void givenNumericOutputLayer_sendsItAsANumber() {
        harness.send(Requests.live("r-num").setOutputLayerIdentifier(42L).build());

        harness.advance(Duration.ofSeconds(1));

        assertThat(harness.api.submits()).isEqualTo(1);
        assertThat(harness.completed()).isEmpty();
        harness.advance(Duration.ofSeconds(10));
        assertThat(harness.completed().get(0).value().getRequest().getOutputLayerIdentifier()).isEqualTo(42L);
    }

    @Test
    void givenManyRequests_eachEndsInExactlyOneTerminalEvent() {
        harness.api.scriptSubmits(request -> request.modelIdentifier().equals("model-bad")
                ? Optional.of(new ApiOutcome.Rejected(400, "no such model", Duration.ZERO)) : Optional.empty());
        for (int i = 0; i < 200; i++) {
            InferenceRequested.Builder request = Requests.live("r-" + i);
            if (i % 5 == 0) {
                request.setModelIdentifier("model-bad");
            }
            harness.send(request.build());
        }

        harness.advance(Duration.ofSeconds(15));

        List<String> keys = new java.util.ArrayList<>();
        harness.completed().forEach(record -> keys.add(record.key()));
        harness.failed().forEach(record -> keys.add(record.key()));
        assertThat(keys).hasSize(200).doesNotHaveDuplicates();
        assertThat(harness.counter("inferstream.terminal.events", "type", "failed", "reason", "REJECTED")).isEqualTo(40);
    }

    private InferenceFailed onlyFailure() {
        List<TestRecord<String, InferenceFailed>> failed = harness.failed();
        assertThat(failed).hasSize(1);
        return failed.get(0).value();
    }

}
