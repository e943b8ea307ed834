package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ExportRequest;
import dev.inferstream.events.ExportContents;
import dev.inferstream.events.ExportError;
import dev.inferstream.events.ExportFailureReason;
import dev.inferstream.events.ExportedResults;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.state.ExportState;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The export phase after a job finished: every way it can go, and that requests without it are untouched. */
class ExportPhaseTest {

    private TopologyHarness harness = TopologyHarness.withDefaults();

    @AfterEach
    void close() {
        harness.close();
    }

    private static InferenceRequested.Builder exported(String requestId) {
        return Requests.live(requestId).setExportResults(true);
    }

    // ---- the phase, start to end ----

    @Test
    void givenExportAsked_theJobFinishes_exportsItsLayer_thenEmitsOneCompletedEventWithTheDownloadUrl() {
        InferenceRequested request = exported("r-1").build();
        harness.send(request);

        harness.advance(Duration.ofSeconds(6));
        assertThat(harness.completed()).as("no event while the export runs").isEmpty();
        assertThat(harness.job("r-1")).get().extracting(JobState::getPhase).isIn(JobPhase.EXPORT_STARTING,
                JobPhase.EXPORTING);

        harness.advance(Duration.ofSeconds(9));

        InferenceCompleted event = onlyCompleted("r-1");
        assertThat(event.getStatus()).isEqualTo("Finished");
        assertThat(event.getInferenceJobId()).isEqualTo(1000L);
        assertThat(event.getRequest()).isEqualTo(request);
        assertThat(event.getExportError()).isNull();
        ExportedResults results = event.getResults();
        assertThat(results.getExportStatusUrl()).isEqualTo(FakeAnnoLabClient.statusUrlOf(300));
        assertThat(results.getDownloadUrl()).isEqualTo(FakeAnnoLabClient.downloadUrlOf(results.getExportStatusUrl()));
        assertThat(results.getExpiresAt()).isEqualTo(Instant.parse("2026-11-27T11:00:00Z"));
        assertThat(results.getExportJobId()).isEqualTo(300L);
        assertThat(results.getAnnotationLayerNames()).containsExactly("predictions");
        assertThat(results.getSourceIds()).containsExactly(11L, 12L);
        assertThat(results.getContents()).as("the service default: text bounds only")
                .isEqualTo(new ExportContents(false, false, true));
        assertThat(event.getCompletedAt()).as("when the job was seen finished, before the export")
                .isBefore(results.getExportedAt());
        assertThat(results.getExportedAt().toEpochMilli() - event.getCompletedAt().toEpochMilli())
                .isGreaterThanOrEqualTo(2_000);

        assertThat(harness.api.exportRequests()).containsExactly(new ExportRequest("demo-project", "acme", false,
                false, true, List.of(11L, 12L), List.of("predictions")));
        assertThat(harness.api.exportStarts()).isEqualTo(1);
        assertThat(harness.counter("inferstream.exports.started")).isEqualTo(1);
        assertThat(harness.counter("inferstream.exports.finished")).isEqualTo(1);
        var duration = harness.meters.find("inferstream.export.duration").tags("model", "model-fast",
                "outcome", "finished").timer();
        assertThat(duration.count()).isEqualTo(1);
        assertThat(duration.totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo((double) (results.getExportedAt().toEpochMilli() - event.getCompletedAt().toEpochMilli()));

        harness.advance(Duration.ofMinutes(2));
        assertThat(harness.completed()).isEmpty();
        assertThat(harness.failed()).isEmpty();
        JobState tombstone = harness.job("r-1").orElseThrow();
        assertThat(tombstone.getPhase()).isEqualTo(JobPhase.ENDED);
        assertThat(tombstone.getExport().getOutcome()).isEqualTo("FINISHED");
        assertThat(tombstone.getExport().getSourceIds()).as("tombstones stay small").isEmpty();
    }

    @Test
    void givenNoExportAsked_completesAsBefore_withoutResultsOrExportCalls() {
        harness.send(Requests.live("r-plain").build());

        harness.advance(Duration.ofSeconds(10));

        InferenceCompleted event = onlyCompleted("r-plain");
        assertThat(event.getResults()).isNull();
        assertThat(event.getExportError()).isNull();
        assertThat(harness.api.exportStarts()).isZero();
        assertThat(harness.api.exportStatusChecks()).isZero();
        assertThat(harness.job("r-plain").orElseThrow().getExport()).isNull();
    }

    @Test
    void givenAProducerLimitTheResultsCouldNotFitIn_deadLettersTheExportingRequest_butAcceptsThePlainOne() {
        harness.close();
        // Room for a plain result event, not for the longest download and status URLs an export may carry.
        harness = new TopologyHarness(TopologySettings.defaults().toBuilder()
                .limits(TopologySettings.Limits.defaults().withMaxEventBytes(12 * 1024)).build());
        harness.send(exported("r-exported").build());
        harness.send(Requests.live("r-plain").build());

        harness.advance(Duration.ofSeconds(10));

        List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("r-exported");
        assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("r-plain");
    }

    @Test
    void givenTheServiceExportsByDefault_aRequestThatDoesNotSayIsExported_andOneThatSaysNoIsNot() {
        harness.close();
        harness = new TopologyHarness(TopologySettings.defaults().toBuilder()
                .exports(new TopologySettings.Exports(true, new TopologySettings.Contents(true, true, false),
                        Duration.ofHours(1))).build());
        harness.send(Requests.live("r-default").build());
        harness.send(Requests.live("r-no").setExportResults(false).build());

        harness.advance(Duration.ofSeconds(20));

        List<TestRecord<String, InferenceCompleted>> completed = harness.completed();
        assertThat(completed).extracting(TestRecord::key).containsExactlyInAnyOrder("r-default", "r-no");
        completed.forEach(record -> {
            if (record.key().equals("r-default")) {
                assertThat(record.value().getResults().getContents()).isEqualTo(new ExportContents(true, true, false));
            } else {
                assertThat(record.value().getResults()).isNull();
            }
        });
        assertThat(harness.api.exportRequests()).singleElement().satisfies(body -> {
            assertThat(body.includeSchemas()).isTrue();
            assertThat(body.includeSources()).isTrue();
            assertThat(body.includeTextBounds()).isFalse();
        });
    }

    @Test
    void givenTheRequestSaysWhatToInclude_theExportIncludesThat() {
        harness.send(exported("r-all").setExportContents(new ExportContents(true, true, true)).build());

        harness.advance(Duration.ofSeconds(15));

        assertThat(harness.api.exportRequests()).singleElement().satisfies(body -> {
            assertThat(body.includeSchemas()).isTrue();
            assertThat(body.includeSources()).isTrue();
            assertThat(body.includeTextBounds()).isTrue();
        });
        assertThat(onlyCompleted("r-all").getResults().getContents()).isEqualTo(new ExportContents(true, true, true));
    }

    // ---- failures complete the request with the export's error ----

    @Test
    void givenTheExportPostRejected_completesWithAnExportError_andNeverRetries() {
        harness.api.scriptExportStarts(body -> Optional.of(new ApiOutcome.Rejected(400, "Layer 'predictions' has "
                + "no annotations", Duration.ZERO)));
        harness.send(exported("r-400").build());

        harness.advance(Duration.ofSeconds(30));

        InferenceCompleted event = onlyCompleted("r-400");
        assertThat(event.getResults()).isNull();
        ExportError error = event.getExportError();
        assertThat(error.getReason()).isEqualTo(ExportFailureReason.REJECTED);
        assertThat(error.getMessage()).contains("no annotations");
        assertThat(error.getHttpStatus()).isEqualTo(400);
        assertThat(error.getExportJobId()).isNull();
        assertThat(event.getStatus()).as("the inference still finished").isEqualTo("Finished");
        assertThat(harness.failed()).isEmpty();
        assertThat(harness.api.exportStarts()).isEqualTo(1);
        assertThat(harness.counter("inferstream.exports.errored", "reason", "REJECTED")).isEqualTo(1);
        assertThat(harness.job("r-400").orElseThrow().getExport().getError()).contains("no annotations");
    }

    @Test
    void givenTheExportErrored_completesWithAnnoLabsError() {
        harness.api.scriptExportStatus(url -> Optional.of(new ApiOutcome.ExportProgress("errored", Optional.empty(),
                Optional.empty(), Optional.of("storage quota exceeded"), 200, Duration.ZERO)));
        harness.send(exported("r-err").build());

        harness.advance(Duration.ofSeconds(15));

        ExportError error = onlyCompleted("r-err").getExportError();
        assertThat(error.getReason()).isEqualTo(ExportFailureReason.EXPORT_ERRORED);
        assertThat(error.getMessage()).contains("errored").contains("storage quota exceeded");
        assertThat(error.getExportJobId()).isEqualTo(300L);
    }

    @Test
    void givenTheExportNeverFinishes_completesAtTheExportTimeout_afterALastCheck() {
        harness.close();
        harness = new TopologyHarness(TopologySettings.defaults().toBuilder()
                .exports(new TopologySettings.Exports(false, new TopologySettings.Contents(false, false, true),
                        Duration.ofSeconds(60))).build());
        harness.api.exportDuration(Duration.ofHours(3));
        harness.send(exported("r-slow").setTimeoutSeconds(20).build());

        harness.advance(Duration.ofSeconds(60));
        assertThat(harness.completed()).as("the export's own deadline, not the request's, holds").isEmpty();
        harness.advance(Duration.ofSeconds(10));

        InferenceCompleted event = onlyCompleted("r-slow");
        assertThat(event.getExportError().getReason()).isEqualTo(ExportFailureReason.TIMED_OUT);
        assertThat(event.getExportError().getMessage()).contains("60 s").contains("still started");
        long lastCheck = harness.api.calls().stream().filter(call -> call.kind().equals("export_status"))
                .mapToLong(FakeAnnoLabClient.Call::at).max().orElseThrow();
        long deadline = harness.job("r-slow").orElseThrow().getDeadlineAt();
        assertThat(lastCheck).as("a last check at the export's deadline").isEqualTo(deadline);
    }

    @Test
    void givenAStatusUrlOnAnotherHost_completesWithUntrustedStatusUrl_andNeverCallsIt() {
        harness.api.scriptExportStarts(body -> Optional.of(new ApiOutcome.UntrustedStatusUrl("AnnoLab's export status "
                + "URL https://evil.example/v1/export/status/1 is not on the configured API base", 201, Duration.ZERO)));
        harness.send(exported("r-evil").build());

        harness.advance(Duration.ofSeconds(15));

        ExportError error = onlyCompleted("r-evil").getExportError();
        assertThat(error.getReason()).isEqualTo(ExportFailureReason.UNTRUSTED_STATUS_URL);
        assertThat(error.getMessage()).contains("evil.example");
        assertThat(harness.api.exportStatusChecks()).isZero();
    }

    @Test
    void givenTransientFailuresThroughout_completesWithRetriesExhaustedAfterTheBudget() {
        harness.api.scriptExportStatus(url -> Optional.of(new ApiOutcome.Transient("Bad Gateway", 502,
                Duration.ZERO)));
        harness.send(exported("r-502").build());

        harness.advanceCoarsely(Duration.ofMinutes(20), Duration.ofMillis(100));

        ExportError error = onlyCompleted("r-502").getExportError();
        assertThat(error.getReason()).isEqualTo(ExportFailureReason.RETRIES_EXHAUSTED);
        assertThat(error.getHttpStatus()).isEqualTo(502);
        assertThat(harness.api.exportStatusChecks())
                .isEqualTo(harness.settings.retries().maxConsecutiveTransients() + 1);
    }

    @Test
    void givenAPostThatIsAnsweredLaterByAnExport_afterTransientFailures_finishes() {
        AtomicInteger failuresLeft = new AtomicInteger(2);
        harness.api.scriptExportStarts(body -> failuresLeft.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.Transient("connection reset", ApiOutcome.NO_RESPONSE, Duration.ZERO))
                : Optional.empty());
        harness.send(exported("r-flaky").build());

        harness.advance(Duration.ofSeconds(30));

        assertThat(onlyCompleted("r-flaky").getResults()).isNotNull();
        assertThat(harness.job("r-flaky").orElseThrow().getExport().getStartAttempts()).isEqualTo(3);
        assertThat(harness.counter("inferstream.exports.suspected.double"))
                .as("a POST that got no answer may have started an export").isEqualTo(2);
    }

    @Test
    void given401WhileExporting_theExportWaitsForTheKey_andFinishesOnceItWorks() {
        AtomicInteger unauthorizedLeft = new AtomicInteger(3);
        harness.api.scriptExportStatus(url -> unauthorizedLeft.getAndDecrement() > 0
                ? Optional.of(new ApiOutcome.Unauthorized(401, Duration.ZERO)) : Optional.empty());
        harness.send(exported("r-401").build());

        harness.advance(Duration.ofSeconds(60));

        assertThat(onlyCompleted("r-401").getResults()).isNotNull();
        assertThat(harness.job("r-401").orElseThrow().getConsecutiveTransients()).isZero();
    }

    @Test
    void givenAnOutputLayerNobodyNamed_completesWithNotExportable_withoutCallingTheExportApi() {
        harness.api.scriptSubmits(request -> Optional.of(new ApiOutcome.Accepted(new dev.inferstream.api.SubmittedJob(
                77, "Queued", OptionalLong.of(7), Optional.empty(), OptionalLong.of(42), Optional.empty(),
                request.sourceIds()), 201, Duration.ZERO)));
        harness.api.scriptStatus(jobId -> Optional.of(new ApiOutcome.JobStatus(jobId, "Finished",
                OptionalLong.of(7), List.of(), 200, Duration.ZERO)));
        harness.send(exported("r-42").setOutputLayerIdentifier(42L).build());

        harness.advance(Duration.ofSeconds(10));

        ExportError error = onlyCompleted("r-42").getExportError();
        assertThat(error.getReason()).isEqualTo(ExportFailureReason.NOT_EXPORTABLE);
        assertThat(error.getMessage()).contains("by name");
        assertThat(harness.api.exportStarts()).isZero();
    }

    // ---- crash safety ----

    @Test
    void givenAnExportPostThatMayHaveLeftBeforeARestart_theNewOwnerStartsItAgain_andCountsIt() {
        harness.restore(JobState.newBuilder()
                .setRequestId("r-crash")
                .setPhase(JobPhase.EXPORT_STARTING)
                .setRequest(exported("r-crash").build())
                .setAcceptedAt(TopologyHarness.T0 - 20_000)
                .setDeadlineAt(TopologyHarness.T0 + 3_600_000)
                .setDueAt(TopologyHarness.T0)
                .setInferenceJobId(1234L)
                .setSubmittedAt(TopologyHarness.T0 - 19_000)
                .setSubmitAttempts(1)
                .setStatusChecks(2)
                .setExport(ExportState.newBuilder()
                        .setContents(new ExportContents(false, false, true))
                        .setLayerName("predictions")
                        .setFinishedStatus("Finished")
                        .setFinishedAt(TopologyHarness.T0 - 1_000)
                        .setSourceIds(List.of(11L, 12L))
                        .setStartAttempts(1)
                        .build())
                .build());

        harness.advance(Duration.ofSeconds(10));

        InferenceCompleted event = onlyCompleted("r-crash");
        assertThat(event.getResults()).isNotNull();
        assertThat(event.getInferenceJobId()).isEqualTo(1234L);
        assertThat(event.getCompletedAt()).isEqualTo(Instant.ofEpochMilli(TopologyHarness.T0 - 1_000));
        assertThat(event.getStatusChecks()).isEqualTo(2);
        assertThat(harness.api.exportStarts()).isEqualTo(1);
        assertThat(harness.counter("inferstream.exports.suspected.double")).isEqualTo(1);
        assertThat(harness.job("r-crash").orElseThrow().getExport().getStartAttempts()).isEqualTo(2);
    }

    @Test
    void givenTheExportStarting_itsPostLeavesOnlyOnTheTickAfterItsPhaseWasWritten() {
        harness.send(exported("r-commit").build());
        Duration tick = harness.settings.tickInterval();
        for (int i = 0; i < 200 && harness.job("r-commit").orElseThrow().getPhase() != JobPhase.EXPORT_STARTING; i++) {
            harness.advance(tick);
        }
        assertThat(harness.job("r-commit").orElseThrow().getExport().getStartAttempts()).isEqualTo(1);
        assertThat(harness.api.exportStarts()).as("not on the tick that asked for the commit").isZero();

        harness.advance(tick);

        assertThat(harness.api.exportStarts()).isEqualTo(1);
    }

    private InferenceCompleted onlyCompleted(String requestId) {
        List<TestRecord<String, InferenceCompleted>> completed = harness.completed();
        assertThat(completed).extracting(TestRecord::key).containsExactly(requestId);
        return completed.get(0).value();
    }
}
