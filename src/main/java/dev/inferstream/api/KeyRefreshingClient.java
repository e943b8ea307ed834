package dev.inferstream.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Reads the key file again before a 401 is believed: when the secret was rotated at AnnoLab and in the
 * mounted file, a call signed with the old key is answered 401, and this repeats it once with the new key
 * instead of pausing the whole service. Only when the key file still holds the key that was refused does
 * the 401 reach the caller (and pause every call until a probe succeeds).
 */
public final class KeyRefreshingClient implements AnnoLabClient {

    private final AnnoLabClient delegate;
    private final ApiKeys keys;
    /** File reads stay off the event loops and stream threads that complete and make calls. */
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "api-key-reload");
        thread.setDaemon(true);
        return thread;
    });

    /** @param delegate a client signing its calls with {@code keys.current()} */
    public KeyRefreshingClient(AnnoLabClient delegate, ApiKeys keys) {
        this.delegate = delegate;
        this.keys = keys;
    }

    @Override
    public CompletionStage<SubmitOutcome> submit(SubmitRequest request) {
        return withFreshKey(() -> delegate.submit(request));
    }

    @Override
    public CompletionStage<StatusOutcome> status(long jobId) {
        return withFreshKey(() -> delegate.status(jobId));
    }

    @Override
    public CompletionStage<ExportStartOutcome> startExport(ExportRequest request) {
        return withFreshKey(() -> delegate.startExport(request));
    }

    @Override
    public CompletionStage<ExportStatusOutcome> exportStatus(String statusUrl) {
        return withFreshKey(() -> delegate.exportStatus(statusUrl));
    }

    private <T extends ApiOutcome> CompletionStage<T> withFreshKey(Supplier<CompletionStage<T>> call) {
        ApiKey signedWith = keys.current();
        return call.get().thenCompose(outcome -> {
            if (!(outcome instanceof ApiOutcome.Unauthorized) || keys.file().isEmpty()) {
                return CompletableFuture.completedFuture(outcome);
            }
            CompletableFuture<Boolean> rotated;
            try {
                rotated = CompletableFuture.supplyAsync(() -> {
                    keys.reload();
                    return !keys.current().equals(signedWith);
                }, reloads);
            } catch (RejectedExecutionException closed) {
                return CompletableFuture.completedFuture(outcome);
            }
            // The interface promises stages that complete normally: a failed reload leaves the 401 as it is.
            return rotated.exceptionally(failure -> false)
                    .thenCompose(changed -> changed ? call.get() : CompletableFuture.completedFuture(outcome));
        });
    }

    @Override
    public void close() {
        reloads.shutdownNow();
        delegate.close();
    }
}
