package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The processor's own meters; one instance per application, shared by all tasks. */
public final class JobMetrics {

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter deduplicated;
    private final Counter invalid;
    private final Counter suspectedDoubleSubmissions;
    private final Map<Inbox.Call, Timer> latency = new EnumMap<>(Inbox.Call.class);
    private final Timer detectionWindow;
    private final Timer tickDuration;
    private final DistributionSummary tickEntriesRead;
    private final ExportMetrics exports;

    public JobMetrics(MeterRegistry registry) {
        this.registry = registry;
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
        this.exports = new ExportMetrics(registry);
    }

    ExportMetrics exports() {
        return exports;
    }

    /**
     * Exports the call budget: calls in flight, the limit in force and the 401 pause as 0/1. Gauges
     * hold the capacity weakly, so a closed service's budget stops reporting instead of leaking; a
     * registry therefore serves one service at a time (a second one would find these gauges taken).
     */
    void watch(ApiCapacity capacity) {
        Gauge.builder("inferstream.api.in.flight", capacity, ApiCapacity::inFlight)
                .description("API calls started and not yet answered on this instance")
                .register(registry);
        Gauge.builder("inferstream.api.paused", capacity, c -> c.isPaused() ? 1 : 0)
                .description("1 while a 401 has paused all API calls (the instance is not ready), else 0")
                .register(registry);
        Gauge.builder("inferstream.api.rate.limit", capacity, ApiCapacity::currentRate)
                .description("calls per second allowed now: the configured rate, lowered after 429s")
                .register(registry);
    }

    void ticked(TickReport report) {
        tickDuration.record(report.durationNanos(), TimeUnit.NANOSECONDS);
        tickEntriesRead.record(report.entriesRead());
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

    void apiCall(Inbox.Call call, ApiOutcome outcome) {
        String callName = call.name().toLowerCase(Locale.ROOT);
        registry.counter("inferstream.api.calls", "call", callName, "outcome", outcomeName(outcome)).increment();
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

    void terminal(String type, String reason) {
        registry.counter("inferstream.terminal.events", "type", type, "reason", reason).increment();
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
