package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.ExportContents;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.state.ExportState;
import dev.inferstream.state.JobPhase;
import dev.inferstream.state.JobState;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobJsonTest {

    private static final InferenceRequested REQUEST = InferenceRequested.newBuilder()
            .setRequestId("req-1")
            .setGroupName("acme")
            .setProjectIdentifier("demo-project")
            .setModelIdentifier("fast-model")
            .setSourceIds(List.of(7L, 8L))
            .setOutputLayerIdentifier(42L)
            .setPriority(Priority.BACKFILL)
            .setAttributes(Map.of("ticket", "T-9"))
            .build();

    @Test
    void givenARunningJob_showsPhaseIdsAttemptsAndTheRequest_withTimesAsInstants() {
        JobState job = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.RUNNING).setRequest(REQUEST)
                .setAcceptedAt(0).setDeadlineAt(1_800_000).setDueAt(5_000)
                .setInferenceJobId(99L).setSubmittedAt(1_000L).setSubmitAttempts(1).setStatusChecks(2)
                .setLastStatus("Running")
                .build();

        JsonObject json = JobJson.of(job);

        assertThat(json.getString("phase")).isEqualTo("RUNNING");
        assertThat(json.getLong("inferenceJobId")).isEqualTo(99L);
        assertThat(json.getString("acceptedAt")).isEqualTo("1970-01-01T00:00:00Z");
        assertThat(json.getString("submittedAt")).isEqualTo("1970-01-01T00:00:01Z");
        assertThat(json.getInteger("statusChecks")).isEqualTo(2);
        assertThat(json.containsKey("outcome")).isFalse();
        assertThat(json.containsKey("lastError")).isFalse();
        JsonObject request = json.getJsonObject("request");
        assertThat(request.getLong("outputLayerIdentifier")).isEqualTo(42L);
        assertThat(request.getJsonArray("sourceIds").stream().toList()).containsExactly(7L, 8L);
        assertThat(request.getString("priority")).isEqualTo("BACKFILL");
        assertThat(request.getJsonObject("attributes").getString("ticket")).isEqualTo("T-9");
    }

    @Test
    void givenARunningJob_saysWhatHappensNextAndWhen() {
        JobState job = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.RUNNING).setRequest(REQUEST)
                .setAcceptedAt(0).setDeadlineAt(1_800_000).setDueAt(5_000).setInferenceJobId(99L)
                .build();

        JsonObject json = JobJson.of(job);

        assertThat(json.getString("nextAction")).isEqualTo("check status");
        assertThat(json.getString("nextActionAt")).isEqualTo("1970-01-01T00:00:05Z");
        assertThat(json.getString("deadlineAt")).isEqualTo("1970-01-01T00:30:00Z");
    }

    @Test
    void givenAnActiveJobWhoseLastErrorWasFollowedByASuccess_doesNotShowThatError() {
        JobState recovered = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.RUNNING).setRequest(REQUEST)
                .setAcceptedAt(0).setDeadlineAt(1).setDueAt(2).setConsecutiveTransients(0)
                .setLastError("HTTP 429: rate limited")
                .build();
        JobState failing = JobState.newBuilder(recovered).setConsecutiveTransients(2).build();

        assertThat(JobJson.of(recovered).containsKey("lastError")).isFalse();
        assertThat(JobJson.of(failing).getString("lastError")).isEqualTo("HTTP 429: rate limited");
        assertThat(JobJson.of(failing).getInteger("consecutiveTransientFailures")).isEqualTo(2);
    }

    @Test
    void givenACompletedJob_showsTheOutcomeAndTheFinalStatus_butNoFutureActionOrRequest() {
        JobState job = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.ENDED)
                .setAcceptedAt(0).setDeadlineAt(1).setDueAt(604_800_003L).setEndedAt(3L).setOutcome("COMPLETED")
                .setInferenceJobId(99L).setLastStatus("Finished")
                .build();

        JsonObject json = JobJson.of(job);

        assertThat(json.getString("outcome")).isEqualTo("COMPLETED");
        assertThat(json.getString("lastStatus")).isEqualTo("Finished");
        assertThat(json.getString("endedAt")).isEqualTo("1970-01-01T00:00:00.003Z");
        assertThat(json.getString("deduplicatedUntil")).isEqualTo("1970-01-08T00:00:00.003Z");
        assertThat(json.getString("deadlineAt")).as("a past fact, not an action").isNotNull();
        assertThat(json.fieldNames()).doesNotContain("nextAction", "nextActionAt", "request",
                "reason", "message", "lastError", "consecutiveTransientFailures");
    }

    @Test
    void givenAFailedJob_showsFailedWithItsReasonAndMessage_notAnEarlierTransientError() {
        JobState job = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.ENDED)
                .setAcceptedAt(0).setDeadlineAt(1).setDueAt(2).setEndedAt(3L).setOutcome("REJECTED")
                .setLastError("AnnoLab rejected the job (400): Model 'x' does not exist.")
                .build();

        JsonObject json = JobJson.of(job);

        assertThat(json.getString("outcome")).isEqualTo("FAILED");
        assertThat(json.getString("reason")).isEqualTo("REJECTED");
        assertThat(json.getString("message")).isEqualTo("AnnoLab rejected the job (400): Model 'x' does not exist.");
        assertThat(json.containsKey("lastError")).isFalse();
    }

    @Test
    void givenEveryJobStateField_publishesOnlyTheListedOnes() {
        // A new JobState field must be reviewed before it appears in the answer; this list forces that.
        assertThat(JobState.getClassSchema().getFields()).extracting(field -> field.name()).containsExactly(
                "requestId", "phase", "request", "acceptedAt", "deadlineAt", "dueAt", "inferenceJobId",
                "projectId", "projectName", "outputLayerId", "outputLayerName", "submittedAt", "submitAttempts",
                "statusChecks", "consecutiveTransients", "unusableAnswers", "lastRunningAt", "lastStatus", "lastError", "outcome",
                "endedAt", "export");
    }

    @Test
    void givenAJobExportingItsResults_showsTheExportPhase_butNeverTheDownloadUrl() {
        JobState job = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.EXPORTING)
                .setAcceptedAt(0).setDeadlineAt(10_000).setDueAt(5_000).setInferenceJobId(12L)
                .setExport(ExportState.newBuilder()
                        .setContents(new ExportContents(false, false, true))
                        .setLayerName("predictions").setFinishedStatus("Finished").setFinishedAt(3_000)
                        .setSourceIds(List.of(1L)).setStartAttempts(1).setStatusChecks(2)
                        .setStatusUrl("https://api.annolab.ai/v1/export/status/341").setExportJobId(341L)
                        .setStartedAt(3_500L).setLastStatus("started")
                        .build())
                .build();

        JsonObject json = JobJson.of(job);

        assertThat(json.getString("nextAction")).isEqualTo("check the export's status");
        JsonObject export = json.getJsonObject("export");
        assertThat(export.getString("exportStatusUrl")).isEqualTo("https://api.annolab.ai/v1/export/status/341");
        assertThat(export.getLong("exportJobId")).isEqualTo(341L);
        assertThat(export.getString("lastStatus")).isEqualTo("started");
        assertThat(export.getString("layerName")).isEqualTo("predictions");
        assertThat(export.getBoolean("includeTextBounds")).isTrue();
        assertThat(export.getInteger("statusChecks")).isEqualTo(2);
        assertThat(export.containsKey("outcome")).isFalse();
        assertThat(json.encode()).doesNotContain("downloadUrl");
    }

    @Test
    void givenAnEndedJobWhoseExportFailed_showsItCompleted_withTheExportsOutcomeAndError() {
        JobState job = JobState.newBuilder()
                .setRequestId("req-1").setPhase(JobPhase.ENDED).setOutcome("COMPLETED")
                .setAcceptedAt(0).setDeadlineAt(10_000).setDueAt(99_000).setEndedAt(9_000L)
                .setExport(ExportState.newBuilder()
                        .setContents(new ExportContents(false, false, true))
                        .setLayerName("predictions").setFinishedStatus("Finished").setFinishedAt(3_000)
                        .setSourceIds(List.of()).setOutcome("EXPORT_ERRORED").setError("the export ended with status errored")
                        .build())
                .build();

        JsonObject json = JobJson.of(job);

        assertThat(json.getString("outcome")).isEqualTo("COMPLETED");
        assertThat(json.getJsonObject("export").getString("outcome")).isEqualTo("EXPORT_ERRORED");
        assertThat(json.getJsonObject("export").getString("error")).isEqualTo("the export ended with status errored");
    }
}
