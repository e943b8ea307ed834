package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.api.ApiOutcome;
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
 * it Finished once {@code jobDuration} of the test's clock has passed since submission. Tests script
 * other answers per model (submissions) or per call (status), or hold answers to complete by hand.
 */
final class FakeAnnoLabClient implements AnnoLabClient {

    record Call(String kind, long at, String model, long jobId) {}

    private final LongSupplier clock;
    private final AtomicLong nextJobId = new AtomicLong(1000);
    private final Map<Long, Long> submittedAt = new ConcurrentHashMap<>();
    private final Map<Long, String> modelOfJob = new ConcurrentHashMap<>();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<ApiOutcome>> held = new CopyOnWriteArrayList<>();
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
    public void close() {
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
