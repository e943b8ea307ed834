package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ApiText;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceFailed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** How the processor meets an API that misbehaves: deadlines, 2xx without a job, odd statuses, huge texts. */
class ApiFaultsTopologyTest {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(2);
    static final TopologySettings SETTINGS = TopologySettings.defaults().toBuilder()
            .limits(TopologySettings.Limits.defaults().withCallTimeout(CALL_TIMEOUT)).build();

    private TopologyHarness harness = new TopologyHarness(SETTINGS);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void close() {
        root.detachAppender(logs);
        harness.close();
    }

    private long tick() {
        return harness.settings.tickInterval().toMillis();
    }

    // ---- deadlines hold while a call is outstanding ----

    @Test
    void givenThePostNeverAnswered_timesOutAtTheDeadline_andIgnoresTheLateAnswer() {
        harness.api.holdAnswers(true);
        harness.send(Requests.live("r-1").setTimeoutSeconds(5).build());

        harness.advance(Duration.ofSeconds(5).plusMillis(tick()));

        InferenceFailed failed = singleFailure("r-1");
        assertThat(failed.getReason()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failed.getMessage()).contains("POST was still unanswered").contains("may have created a job");
        assertThat(failed.getFailedAt().toEpochMilli()).isLessThanOrEqualTo(TopologyHarness.T0 + 5_000 + tick());
        assertThat(harness.services.capacity().inFlight()).as("the held call still holds its permit").isEqualTo(1);

        harness.api.holdAnswers(false);
        harness.api.releaseHeld();
        harness.advance(Duration.ofSeconds(10));

        assertThat(harness.completed()).isEmpty();
        assertThat(harness.failed()).isEmpty();
        assertThat(harness.services.capacity().inFlight()).isZero();
    }

    @Test
    void givenAStatusCheckOutstandingAtTheDeadline_timesOutWithinTheCallTimeoutAndATick() {
        harness.api.jobDurations(model -> Duration.ofHours(1));
        harness.send(Requests.live("r-1").setTimeoutSeconds(20).build());
        harness.advance(Duration.ofSeconds(1));
        assertThat(harness.api.submits()).isEqualTo(1);
        harness.api.holdAnswers(true);

        harness.advance(Duration.ofSeconds(20).plus(CALL_TIMEOUT).plusMillis(2 * tick()));

        InferenceFailed failed = singleFailure("r-1");
        assertThat(failed.getReason()).isEqualTo(FailureReason.TIMED_OUT);
        assertThat(failed.getMessage()).contains("was still Queued");
        long late = failed.getFailedAt().toEpochMilli() - (TopologyHarness.T0 + 20_000);
        assertThat(late).isBetween(0L, CALL_TIMEOUT.toMillis() + tick());
    }

    @Test
    void givenTimedOut_logsItLikeEveryOtherFailure() {
        Logger processorLog = (Logger) LoggerFactory.getLogger(JobProcessor.class);
        Level before = processorLog.getLevel();
        processorLog.setLevel(Level.INFO);
        harness.api.holdAnswers(true);
        harness.send(Requests.live("r-1").setTimeoutSeconds(3).build());

        try {
            harness.advance(Duration.ofSeconds(4));
        } finally {
            processorLog.setLevel(before);
        }

        assertThat(lines(JobProcessor.class, Level.INFO))
                .anySatisfy(line -> assertThat(line).contains("requestId=r-1 failed: TIMED_OUT no terminal status"));
    }

    // ---- 2xx without a usable job ----

    @Test
    void givenPostsAnswered2xxWithoutAJob_failsAsUnknownAfterTwo_countingEachAsSuspectedDouble() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.UnusableAnswer(
                "HTTP 201 body is not a JSON object: <html>", 201, Duration.ZERO)));
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failed = singleFailure("r-1");
        assertThat(failed.getReason()).isEqualTo(FailureReason.UNKNOWN);
        assertThat(failed.getMessage()).contains("2 submission(s) with HTTP 2xx but no usable job")
                .contains("<html>").contains("AnnoLab may have created a job");
        assertThat(failed.getHttpStatus()).isEqualTo(201);
        assertThat(failed.getSubmitAttempts()).isEqualTo(2);
        assertThat(harness.api.submits()).isEqualTo(2);
        assertThat(harness.counter("inferstream.submissions.suspected.double")).isEqualTo(2.0);
    }

    @Test
    void givenAHigherLimitOfUnusableAnswers_submitsThatManyTimes() {
        harness.close();
        TopologySettings.Retries retries = SETTINGS.retries();
        harness = new TopologyHarness(SETTINGS.toBuilder().retries(new TopologySettings.Retries(
                retries.baseBackoff(), retries.maxBackoff(), retries.maxConsecutiveTransients(), 4,
                retries.authProbeInterval(), retries.maxAuthProbeInterval(), retries.unreachableAfter())).build());
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.UnusableAnswer("HTTP 201 body lacks a text "
                + "status", 201, Duration.ZERO)));
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(30));

        assertThat(singleFailure("r-1").getReason()).isEqualTo(FailureReason.UNKNOWN);
        assertThat(harness.api.submits()).isEqualTo(4);
    }

    @Test
    void givenAnUnusableAnswerThenAJob_runsTheJob() {
        AtomicInteger unusable = new AtomicInteger(1);
        harness.api.scriptSubmits(request -> unusable.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.UnusableAnswer("HTTP 201 body lacks a positive inferenceJobId", 201,
                Duration.ZERO)) : Optional.empty());
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(15));

        assertThat(harness.completed()).singleElement().satisfies(record ->
                assertThat(record.value().getSubmitAttempts()).isEqualTo(2));
        assertThat(harness.failed()).isEmpty();
        assertThat(harness.counter("inferstream.submissions.suspected.double")).isEqualTo(1.0);
    }

    @Test
    void givenAStatusCheckAnswered2xxWithoutTheJob_asksAgain_withoutSuspectingADouble() {
        AtomicInteger unusable = new AtomicInteger(2);
        harness.api.scriptStatus(jobId -> unusable.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.UnusableAnswer("HTTP 200 describes job 5, not the requested job "
                + jobId, 200, Duration.ZERO)) : Optional.empty());
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(20));

        assertThat(harness.completed()).singleElement();
        assertThat(harness.failed()).isEmpty();
        assertThat(harness.counter("inferstream.submissions.suspected.double")).isZero();
    }

    // ---- statuses ----

    @ParameterizedTest
    @ValueSource(strings = {"Failed", "ERROR", "errored", "Cancelled", "canceled", "PartialError"})
    void givenATerminalLookingStatus_endsAsJobErroredNamingIt(String status) {
        harness.api.scriptStatus(jobId -> Optional.of(new ApiOutcome.JobStatus(jobId, status, OptionalLong.of(7),
                List.of(), 200, Duration.ZERO)));
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failed = singleFailure("r-1");
        assertThat(failed.getReason()).isEqualTo(FailureReason.JOB_ERRORED);
        assertThat(failed.getMessage()).contains("ended with status " + status);
        assertThat(harness.api.statusChecks()).isEqualTo(1);
    }

    @Test
    void givenAnUnknownStatus_keepsCheckingUntilTheJobFinishes() {
        AtomicInteger uploading = new AtomicInteger(3);
        harness.api.scriptStatus(jobId -> uploading.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.JobStatus(jobId, "Uploading", OptionalLong.of(7), List.of(), 200,
                Duration.ZERO)) : Optional.empty());
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(30));

        assertThat(harness.completed()).singleElement();
        assertThat(harness.api.statusChecks()).isGreaterThanOrEqualTo(4);
    }

    // ---- bounded texts ----

    @Test
    void givenAMegabyteRejection_theEventCarriesAtMostAKibibyteOfIt() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Rejected(400, "no. ".repeat(250_000),
                Duration.ZERO)));
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofSeconds(2));

        InferenceFailed failed = singleFailure("r-1");
        assertThat(failed.getReason()).isEqualTo(FailureReason.REJECTED);
        assertThat(failed.getMessage().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(ApiText.MAX_BYTES);
        assertThat(failed.getMessage()).startsWith("AnnoLab rejected the job: no. no.");
    }

    @Test
    void givenAMegabyteTransientCause_theStoredLastErrorIsAtMostAKibibyte() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Transient("busy ".repeat(200_000), 503,
                Duration.ZERO)));
        harness.send(Requests.live("r-1").build());

        harness.advance(Duration.ofMillis(500));

        String lastError = harness.job("r-1").orElseThrow().getLastError();
        assertThat(lastError).startsWith("HTTP 503: busy busy");
        assertThat(lastError.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(ApiText.MAX_BYTES);
    }

    // ---- request bounds ----

    @Test
    void givenATimeoutAboveTheMaximum_isInvalid_andAtTheMaximumIsAccepted() {
        long max = SETTINGS.limits().maxTimeout().toSeconds();
        harness.send(Requests.live("too-long").setTimeoutSeconds((int) max + 1).build());
        harness.send(Requests.live("just-right").setTimeoutSeconds((int) max).build());

        harness.advance(Duration.ofSeconds(10));

        InferenceFailed failed = singleFailure("too-long");
        assertThat(failed.getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
        assertThat(failed.getMessage()).contains("timeoutSeconds must be at most 604800");
        assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("just-right");
    }

    // ---- saying what is wrong ----

    @Test
    void given401ForAWhile_warnsOnceWhenCallsPause_andOnceWhenTheyResume() {
        AtomicBoolean keyWorks = new AtomicBoolean(false);
        harness.api.scriptSubmits(request -> keyWorks.get()
                ? Optional.empty() : Optional.of(new ApiOutcome.Unauthorized(401, Duration.ZERO)));
        for (int i = 0; i < 5; i++) {
            harness.send(Requests.live("r-" + i).build());
        }

        harness.advance(Duration.ofSeconds(30));
        assertThat(harness.api.submits()).as("several probes were answered 401").isGreaterThan(3);
        keyWorks.set(true);
        harness.advance(Duration.ofSeconds(40));

        assertThat(harness.completed()).hasSize(5);
        assertThat(lines(ApiHealth.class, Level.WARN)).satisfiesExactly(
                paused -> assertThat(paused).contains("401").contains("All calls are paused"),
                resumed -> assertThat(resumed).contains("accepts the API key again after").contains("calls resume"));
    }

    private InferenceFailed singleFailure(String requestId) {
        List<TestRecord<String, InferenceFailed>> failed = harness.failed();
        assertThat(failed).extracting(TestRecord::key).containsExactly(requestId);
        return failed.get(0).value();
    }

    private List<String> lines(Class<?> logger, Level level) {
        return logs.list.stream()
                .filter(event -> event.getLoggerName().equals(logger.getName()) && event.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
