package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ExportRequest;
import dev.inferstream.api.ExportStartOutcome;
import dev.inferstream.api.ExportStatusOutcome;
import dev.inferstream.api.StatusOutcome;
import dev.inferstream.api.SubmitOutcome;
import dev.inferstream.api.SubmitRequest;
import dev.inferstream.api.SubmittedJob;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A deterministic AnnoLab for TopologyTestDriver tests. By default it accepts every job and reports
 * it Finished once {@code jobDuration} of the test's clock has passed since submission, and it starts
 * every export and reports it finished, with a download URL, once {@code exportDuration} has passed.
 * Tests script other answers per model (submissions) or per call (status, exports), or hold answers
 * to complete by hand.
 */
final class FakeAnnoLabClient implements AnnoLabClient {

    record Call(String kind, long at, String model, long jobId) {}

    private final LongSupplier clock;
    private final AtomicLong nextJobId = new AtomicLong(1000);
    private final Map<Long, Long> submittedAt = new ConcurrentHashMap<>();
    private final Map<Long, String> modelOfJob = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ApiOutcome>> held = new CopyOnWriteArrayList<>();
    private final AtomicLong nextExportId = new AtomicLong(300);
    private final Map<String, Long> exportStartedAt = new ConcurrentHashMap<>();
    private final List<ExportRequest> exportRequests = new CopyOnWriteArrayList<>();
    private volatile Function<ExportRequest, Optional<ExportStartOutcome>> exportStartScript = request -> Optional.empty();
    private volatile Function<String, Optional<ExportStatusOutcome>> exportStatusScript = url -> Optional.empty();
    private volatile Duration exportDuration = Duration.ofSeconds(2);
    private volatile Function<SubmitRequest, Optional<SubmitOutcome>> submitScript = request -> Optional.empty();
    private volatile Function<Long, Optional<StatusOutcome>> statusScript = jobId -> Optional.empty();
    private volatile Function<String, Duration> jobDuration = model -> Duration.ofSeconds(3);
    private volatile boolean holdAnswers;

    FakeAnnoLabClient(LongSupplier clock) {
        this.clock = clock;
    }

    void scriptSubmits(Function<SubmitRequest, Optional<SubmitOutcome>> script) {
        this.submitScript = script;
    }

    void scriptStatus(Function<Long, Optional<StatusOutcome>> script) {
        this.statusScript = script;
    }

    void jobDurations(Function<String, Duration> durations) {
        this.jobDuration = durations;
    }

    void scriptExportStarts(Function<ExportRequest, Optional<ExportStartOutcome>> script) {
        this.exportStartScript = script;
    }

    void scriptExportStatus(Function<String, Optional<ExportStatusOutcome>> script) {
        this.exportStatusScript = script;
    }

    void exportDuration(Duration duration) {
        this.exportDuration = duration;
    }

    /** The bodies of every export POST, in order. */
    List<ExportRequest> exportRequests() {
        return List.copyOf(exportRequests);
    }

    long exportStarts() {
        return calls.stream().filter(call -> call.kind().equals("export_start")).count();
    }

    long exportStatusChecks() {
        return calls.stream().filter(call -> call.kind().equals("export_status")).count();
    }

    void holdAnswers(boolean hold) {
        this.holdAnswers = hold;
    }

    /** Answers every held call with what it would have answered now. */
    void releaseHeld() {
        List<CompletableFuture<ApiOutcome>> pending = new ArrayList<>(held);
        held.clear();
        pending.forEach(future -> future.complete(null));
    }

    int heldCount() {
        return held.size();
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    long submits() {
        return calls.stream().filter(call -> call.kind().equals("submit")).count();
    }

    long statusChecks() {
        return calls.stream().filter(call -> call.kind().equals("status")).count();
    }

    long submitsFor(String model) {
        return calls.stream().filter(call -> call.kind().equals("submit") && call.model().equals(model)).count();
    }

    Optional<Long> finishTimeOf(long jobId) {
        Long at = submittedAt.get(jobId);
        return at == null ? Optional.empty() : Optional.of(at + jobDuration.apply(modelOfJob.get(jobId)).toMillis());
    }

    @Override
    public CompletionStage<SubmitOutcome> submit(SubmitRequest request) {
        long now = clock.getAsLong();
        calls.add(new Call("submit", now, request.modelIdentifier(), -1));
        return answer(() -> submitScript.apply(request).orElseGet(() -> accept(request, now)));
    }

    @Override
    public CompletionStage<StatusOutcome> status(long jobId) {
        long now = clock.getAsLong();
        calls.add(new Call("status", now, modelOfJob.getOrDefault(jobId, "?"), jobId));
        return answer(() -> statusScript.apply(jobId).orElseGet(() -> statusAt(jobId, now)));
    }

    @Override
    public CompletionStage<ExportStartOutcome> startExport(ExportRequest request) {
        long now = clock.getAsLong();
        calls.add(new Call("export_start", now, "?", -1));
        exportRequests.add(request);
        return answer(() -> exportStartScript.apply(request).orElseGet(() -> startExport(now)));
    }

    @Override
    public CompletionStage<ExportStatusOutcome> exportStatus(String statusUrl) {
        long now = clock.getAsLong();
        calls.add(new Call("export_status", now, "?", -1));
        return answer(() -> exportStatusScript.apply(statusUrl).orElseGet(() -> exportStatusAt(statusUrl, now)));
    }

    @Override
    public void close() {
    }

    private ExportStartOutcome startExport(long now) {
        long id = nextExportId.getAndIncrement();
        String url = statusUrlOf(id);
        exportStartedAt.put(url, now);
        return new ApiOutcome.ExportStarted(url, OptionalLong.of(id), Optional.of("initialized"), 201, Duration.ZERO);
    }

    static String statusUrlOf(long exportId) {
        return "https://api.annolab.test/v1/export/status/" + exportId;
    }

    static String downloadUrlOf(String statusUrl) {
        return "https://files.annolab.test/exports/" + statusUrl.substring(statusUrl.lastIndexOf('/') + 1)
                + ".zip?X-Amz-Date=20261127T100000Z&X-Amz-Expires=3600";
    }

    private ExportStatusOutcome exportStatusAt(String statusUrl, long now) {
        Long start = exportStartedAt.get(statusUrl);
        if (start == null) {
            return new ApiOutcome.NotFound(404, Duration.ZERO);
        }
        if (now - start < exportDuration.toMillis()) {
            return new ApiOutcome.ExportProgress("started", Optional.empty(), Optional.empty(), Optional.empty(), 200,
                    Duration.ZERO);
        }
        return new ApiOutcome.ExportProgress("finished", Optional.of(downloadUrlOf(statusUrl)),
                Optional.of(java.time.Instant.parse("2026-11-27T11:00:00Z")), Optional.empty(), 200, Duration.ZERO);
    }

    private SubmitOutcome accept(SubmitRequest request, long now) {
        long jobId = nextJobId.getAndIncrement();
        submittedAt.put(jobId, now);
        modelOfJob.put(jobId, request.modelIdentifier());
        return new ApiOutcome.Accepted(new SubmittedJob(jobId, "Queued", OptionalLong.of(7),
                Optional.of("demo-project"), OptionalLong.of(42), Optional.of("predictions"), request.sourceIds()),
                201, Duration.ZERO);
    }

    private StatusOutcome statusAt(long jobId, long now) {
        Long start = submittedAt.get(jobId);
        if (start == null) {
            return new ApiOutcome.NotFound(404, Duration.ZERO);
        }
        boolean done = now - start >= jobDuration.apply(modelOfJob.get(jobId)).toMillis();
        return new ApiOutcome.JobStatus(jobId, done ? "Finished" : "Running", OptionalLong.of(7),
                List.of(), 200, Duration.ZERO);
    }

    @SuppressWarnings("unchecked")
    private <T extends ApiOutcome> CompletionStage<T> answer(java.util.function.Supplier<T> outcome) {
        if (!holdAnswers) {
            return CompletableFuture.completedFuture(outcome.get());
        }
        CompletableFuture<ApiOutcome> trigger = new CompletableFuture<>();
        held.add(trigger);
        return trigger.thenApply(ignored -> (T) outcome.get());
    }
}
