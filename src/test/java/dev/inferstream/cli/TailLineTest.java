package dev.inferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.ExportContents;
import dev.inferstream.events.ExportError;
import dev.inferstream.events.ExportFailureReason;
import dev.inferstream.events.ExportedResults;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TailLineTest {

    private static final Instant SUBMITTED = Instant.parse("2026-11-27T10:00:00Z");
    private static final String URL = "https://files.example/exports/341.json?expires=1795000000&signature=ab12";

    private static InferenceCompleted.Builder completed() {
        InferenceRequested request = InferenceRequested.newBuilder().setRequestId("order-1").setGroupName("acme")
                .setProjectIdentifier("acme").setModelIdentifier("ocr").setSourceIds(List.of(1L))
                .setOutputLayerIdentifier("predictions").setPriority(Priority.LIVE).setAttributes(Map.of())
                .setExportResults(true).build();
        return InferenceCompleted.newBuilder().setRequestId("order-1").setInferenceJobId(17L).setStatus("Finished")
                .setSourceIds(List.of(1L)).setSubmittedAt(SUBMITTED).setCompletedAt(SUBMITTED.plusMillis(2_500))
                .setSubmitAttempts(1).setStatusChecks(2).setRequest(request);
    }

    private static String line(InferenceCompleted event) {
        return TailLine.of(new TailEvent.Completed(new TailEvent.Position("inference-completed", 0, 5,
                event.getCompletedAt()), event.getRequestId(), event));
    }

    @Test
    void givenExportedResults_showsTheWholeDownloadUrlAndWhenItExpires() {
        Instant expires = Instant.parse("2026-11-27T10:15:00Z");
        String line = line(completed().setResults(ExportedResults.newBuilder().setDownloadUrl(URL)
                .setExpiresAt(expires).setExportedAt(SUBMITTED.plusSeconds(5)).setExportJobId(341L)
                .setExportStatusUrl("https://api.annolab.ai/v1/export/status/341")
                .setContents(new ExportContents(false, false, true)).setAnnotationLayerNames(List.of("predictions"))
                .setSourceIds(List.of(1L)).build()).build());

        assertThat(line).contains("COMPLETED", "job 17 Finished after 2.5 s", "results " + URL,
                "(expires 2026-11-27T10:15:00Z)");
    }

    @Test
    void givenAFailedExport_showsTheInferenceCompleted_withTheExportsReasonAndMessage() {
        String line = line(completed().setExportError(ExportError.newBuilder()
                .setReason(ExportFailureReason.EXPORT_ERRORED).setMessage("the export ended with status errored")
                .setFailedAt(SUBMITTED.plusSeconds(9)).build()).build());

        assertThat(line).contains("COMPLETED", "export failed EXPORT_ERRORED: the export ended with status errored")
                .doesNotContain("results ");
    }

    @Test
    void givenNoExport_showsTheLineAsBefore() {
        assertThat(line(completed().build())).endsWith("(1 POST, 2 checks)");
    }
}
