package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.events.InferenceRequested;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The processor's own meters; one instance per application, shared by all tasks. Usage per model and
 * project (jobs by outcome, API calls, request-to-terminal time) carries model and project labels bounded
 * by {@link BoundedLabels}, so an unbounded catalogue cannot blow up the series count.
 */
public final class JobMetrics {

    /**
     * Buckets of the request-to-terminal histogram: from a quick job to the longest timeout a request may
     * set, few enough that one histogram per model stays cheap.
     */
    static final Duration[] REQUEST_DURATION_BUCKETS = {Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
        Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(30),
        Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(7)};

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter deduplicated;
    private final Counter invalid;
    private final Counter suspectedDoubleSubmissions;
    private final Map<Inbox.Call, Timer> latency = new EnumMap<>(Inbox.Call.class);
    private final Timer detectionWindow;
    private final Timer tickDuration;
    private final DistributionSummary tickEntriesRead;
    private final BoundedLabels models;
    private final BoundedLabels projects;
    private final ExportMetrics exports;

    public JobMetrics(MeterRegistry registry) {
        this(registry, TopologySettings.DEFAULT_METRIC_LABEL_LIMIT);
    }

    /** @param labelLimit distinct models, and distinct projects, that get a label of their own */
    public JobMetrics(MeterRegistry registry, int labelLimit) {
        this.registry = registry;
        this.models = new BoundedLabels(labelLimit);
        this.projects = new BoundedLabels(labelLimit);
        this.accepted = requests("accepted");
        this.deduplicated = requests("deduplicated");
        this.invalid = requests("invalid");
        this.suspectedDoubleSubmissions = Counter.builder("inferstream.submissions.suspected.double")
                .description("POSTs that may have created a job Inferstream does not track: sent again after a crash "
                        + "or an unanswered POST, or answered 2xx without a usable job")
                .register(registry);
        // Built once: every API answer and every completion records here, so no per-call meter lookups.
        for (Inbox.Call call : Inbox.Call.values()) {
            latency.put(call, Timer.builder("inferstream.api.latency")
                    .tag("call", call.name().toLowerCase(Locale.ROOT))
                    .publishPercentileHistogram()
                    .register(registry));
        }
        this.detectionWindow = Timer.builder("inferstream.finish.detection.window")
                .description("upper bound on the time from a job finishing to its terminal event")
                .publishPercentileHistogram()
                .register(registry);
        // Both should stay flat however many jobs are pending: a tick reads the due entries, not the store.
        this.tickDuration = Timer.builder("inferstream.tick.duration")
                .description("time one task's tick held the stream thread")
                .publishPercentileHistogram()
                .register(registry);
        // Buckets up to what one tick may read (scan plus purge budgets), so a p99 shows the outliers a mean hides.
        this.tickEntriesRead = DistributionSummary.builder("inferstream.tick.entries.read")
                .description("due-index entries one task's tick read")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(4_096.0)
                .register(registry);
        this.exports = new ExportMetrics(registry, models);
    }

    ExportMetrics exports() {
        return exports;
    }

    /**
     * Exports the call budget: calls in flight and their limit, the baseline latency that sizes it, the
     * rate limit in force and the 401 pause as 0/1. Gauges hold the capacity weakly, so a closed service's
     * budget stops reporting instead of leaking; a registry therefore serves one service at a time (a
     * second one would find these gauges taken).
     */
    void watch(ApiCapacity capacity) {
        Gauge.builder("inferstream.api.in.flight", capacity, ApiCapacity::inFlight)
                .description("API calls started and not yet answered on this instance")
                .register(registry);
        Gauge.builder("inferstream.api.paused", capacity, c -> c.isPaused() ? 1 : 0)
                .description("1 while a 401 has paused all API calls (the instance is not ready), else 0")
                .register(registry);
        Gauge.builder("inferstream.api.rate.limit", capacity, ApiCapacity::currentRate)
                .description("calls per second this instance may make now: its share of the configured rate, "
                        + "lowered after 429s")
                .register(registry);
        Gauge.builder("inferstream.api.in.flight.limit", capacity, ApiCapacity::inFlightLimit)
                .description("API calls allowed in flight now: sized from the rate and the baseline latency, "
                        + "at most the configured maximum")
                .register(registry);
        Gauge.builder("inferstream.api.latency.baseline", capacity, c -> c.baselineLatencySeconds().orElse(Double.NaN))
                .description("the API's healthy latency in seconds (lowest per-second median of the last minute) "
                        + "that sizes the in-flight limit; NaN before the first answer")
                .baseUnit("seconds")
                .register(registry);
    }

    void ticked(TickReport report) {
        tickDuration.record(report.durationNanos(), TimeUnit.NANOSECONDS);
        tickEntriesRead.record(report.entriesRead());
    }

    /** Exports what is known of the schema registry: held records and whether it answers, as 0/1. */
    void watch(RegistryHealth health) {
        Gauge.builder("inferstream.records.held", health, RegistryHealth::heldRecords)
                .description("input records held until the schema registry answers")
                .register(registry);
        Gauge.builder("inferstream.registry.unavailable", health, h -> h.isAvailable() ? 0 : 1)
                .description("1 while the schema registry does not answer")
                .register(registry);
    }

    void accepted() {
        accepted.increment();
    }

    void deduplicated() {
        deduplicated.increment();
    }

    void invalid() {
        invalid.increment();
    }

    void suspectedDoubleSubmission() {
        suspectedDoubleSubmissions.increment();
    }

    /** @param model the model of the job the call was for, when the job is still known */
    void apiCall(Inbox.Call call, ApiOutcome outcome, Optional<String> model) {
        String callName = call.name().toLowerCase(Locale.ROOT);
        registry.counter("inferstream.api.calls", "call", callName, "outcome", outcomeName(outcome)).increment();
        registry.counter("inferstream.model.api.calls", "model", models.of(model.orElse(null)), "call", callName)
                .increment();
        latency.get(call).record(outcome.latency());
    }

    /**
     * AnnoLab does not say when a job finished, only that it had by a check. The time from the last
     * check that still saw the job running (or from submission) to the event bounds, from above, how
     * long the job's end went unnoticed.
     */
    void detectionWindow(Duration window) {
        detectionWindow.record(window);
    }

    /**
     * One terminal event: counted by type and reason, and as usage of its model and project by outcome;
     * {@code sinceAccepted} (empty for a request that never became a job) feeds the model's
     * request-to-terminal histogram.
     */
    void terminal(String type, String outcome, Optional<InferenceRequested> request, Optional<Duration> sinceAccepted) {
        registry.counter("inferstream.terminal.events", "type", type, "reason", outcome).increment();
        String model = models.of(request.map(InferenceRequested::getModelIdentifier).orElse(null));
        String project = projects.of(request.map(InferenceRequested::getProjectIdentifier).orElse(null));
        registry.counter("inferstream.jobs", "model", model, "project", project, "outcome", outcome).increment();
        sinceAccepted.ifPresent(duration -> Timer.builder("inferstream.request.duration")
                .description("from a request's acceptance to its terminal event, per model")
                .tag("model", model)
                .serviceLevelObjectives(REQUEST_DURATION_BUCKETS)
                .register(registry)
                .record(duration));
    }

    private Counter requests(String result) {
        return Counter.builder("inferstream.requests")
                .description("inference-requested records by what became of them")
                .tag("result", result)
                .register(registry);
    }

    private static String outcomeName(ApiOutcome outcome) {
        return outcome.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
