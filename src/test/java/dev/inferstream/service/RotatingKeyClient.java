package dev.inferstream.service;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.api.ExportRequest;
import dev.inferstream.api.ExportStartOutcome;
import dev.inferstream.api.ExportStatusOutcome;
import dev.inferstream.api.StatusOutcome;
import dev.inferstream.api.SubmitOutcome;
import dev.inferstream.api.SubmitRequest;
import java.util.concurrent.CompletionStage;

/**
 * An operator fixing a bad API key, as the service sees it: calls go out with the rejected key until
 * {@link #rotate()}, then with the accepted one. Both are real clients against the simulator.
 */
final class RotatingKeyClient implements AnnoLabClient {

    private final AnnoLabClient rejected;
    private final AnnoLabClient accepted;
    private volatile boolean rotated;

    RotatingKeyClient(AnnoLabClient rejected, AnnoLabClient accepted) {
        this.rejected = rejected;
        this.accepted = accepted;
    }

    void rotate() {
        rotated = true;
    }

    private AnnoLabClient current() {
        return rotated ? accepted : rejected;
    }

    @Override
    public CompletionStage<SubmitOutcome> submit(SubmitRequest request) {
        return current().submit(request);
    }

    @Override
    public CompletionStage<StatusOutcome> status(long jobId) {
        return current().status(jobId);
    }

    @Override
    public CompletionStage<ExportStartOutcome> startExport(ExportRequest request) {
        return current().startExport(request);
    }

    @Override
    public CompletionStage<ExportStatusOutcome> exportStatus(String statusUrl) {
        return current().exportStatus(statusUrl);
    }

    @Override
    public void close() {
        rejected.close();
        accepted.close();
    }
}
