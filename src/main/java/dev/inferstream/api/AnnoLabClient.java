package dev.inferstream.api;

import java.util.concurrent.CompletionStage;

/**
 * AnnoLab's asynchronous model-inference API, seen from Inferstream.
 *
 * <p>Both calls return immediately. Their stages always complete normally: every way a call can go
 * wrong is one of the sealed outcomes, so callers switch over results instead of catching. Stages may
 * complete on any thread; callers that own state must hand results over to their own thread.
 */
public interface AnnoLabClient extends AutoCloseable {

    /** {@code POST /v1/infer/batch}: starts a batch inference job. */
    CompletionStage<SubmitOutcome> submit(SubmitRequest request);

    /** {@code GET /v1/infer/batch/{jobId}}: the job's current status. */
    CompletionStage<StatusOutcome> status(long jobId);

    /** Releases connections and threads; calls still in flight complete as {@link ApiOutcome.Transient}. */
    @Override
    void close();
}
