package dev.inferstream.api;

import java.util.concurrent.CompletionStage;

/**
 * AnnoLab's asynchronous model-inference and export APIs, seen from Inferstream.
 *
 * <p>Every call returns immediately. Their stages always complete normally: every way a call can go
 * wrong is one of the sealed outcomes, so callers switch over results instead of catching. Stages may
 * complete on any thread; callers that own state must hand results over to their own thread.
 */
public interface AnnoLabClient extends AutoCloseable {

    /** {@code POST /v1/infer/batch}: starts a batch inference job. */
    CompletionStage<SubmitOutcome> submit(SubmitRequest request);

    /** {@code GET /v1/infer/batch/{jobId}}: the job's current status. */
    CompletionStage<StatusOutcome> status(long jobId);

    /** {@code POST /v1/export/project}: starts exporting annotations; the answer names a status URL to poll. */
    CompletionStage<ExportStartOutcome> startExport(ExportRequest request);

    /**
     * {@code GET {statusUrl}}: the export's current status. Only a URL on the configured API base is called;
     * any other is answered {@link ApiOutcome.UntrustedStatusUrl} at once, so the key never goes elsewhere.
     */
    CompletionStage<ExportStatusOutcome> exportStatus(String statusUrl);

    /** Releases connections and threads; calls still in flight complete as {@link ApiOutcome.Transient}. */
    @Override
    void close();
}
