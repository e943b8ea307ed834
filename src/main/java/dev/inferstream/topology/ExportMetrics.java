package dev.inferstream.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Meters of the export phase; one instance per application, shared by all tasks. */
final class ExportMetrics {

    static final String FINISHED = "finished";
    static final String FAILED = "failed";

    private final MeterRegistry registry;
    private final BoundedLabels models;
    private final Counter started;
    private final Counter finished;
    private final Counter suspectedDoubles;

    /** {@code models} is the requests' own bound on model labels, so exports add no series of their own. */
    ExportMetrics(MeterRegistry registry, BoundedLabels models) {
        this.registry = registry;
        this.models = models;
        this.started = Counter.builder("inferstream.exports.started")
                .description("exports AnnoLab accepted (answered with a status URL)")
                .register(registry);
        this.finished = Counter.builder("inferstream.exports.finished")
                .description("exports that delivered a download URL")
                .register(registry);
        this.suspectedDoubles = Counter.builder("inferstream.exports.suspected.double")
                .description("export POSTs that may have started an export Inferstream does not track: sent again "
                        + "after a crash or an unanswered POST, or answered 2xx without a usable status URL")
                .register(registry);
    }

    void started() {
        started.increment();
    }

    void suspectedDouble() {
        suspectedDoubles.increment();
    }

    /** The export delivered its URL {@code took} after the job was seen finished. */
    void finished(String model, Duration took) {
        finished.increment();
        duration(model, FINISHED).record(took);
    }

    /** The export ended without a URL, for {@code reason}, {@code took} after the job was seen finished. */
    void errored(String model, String reason, Duration took) {
        registry.counter("inferstream.exports.errored", "reason", reason).increment();
        duration(model, FAILED).record(took);
    }

    private Timer duration(String model, String outcome) {
        return Timer.builder("inferstream.export.duration")
                .description("from a job seen finished to its export's end, per model")
                .tag("model", models.of(model))
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
