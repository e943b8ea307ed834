package dev.inferstream.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.util.OptionalLong;

/**
 * The meters an operator needs beside the processor's own (which the topology registers itself):
 * Kafka Streams' client metrics, the JVM's, and how many jobs this instance holds. Bound once per
 * service; {@link #close()} stops the binders that run threads or listeners.
 */
final class OpsMeters implements AutoCloseable {

    static final String JOBS_STORED = "inferstream.jobs.stored";

    private final MeterRegistry registry;
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics;
    private final Gauge jobsStored;

    private OpsMeters(MeterRegistry registry, KafkaStreamsMetrics streamsMetrics, JvmGcMetrics gcMetrics,
                      Gauge jobsStored) {
        this.registry = registry;
        this.streamsMetrics = streamsMetrics;
        this.gcMetrics = gcMetrics;
        this.jobsStored = jobsStored;
    }

    static OpsMeters bind(MeterRegistry registry, InferstreamService service) {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gcMetrics = new JvmGcMetrics();
        gcMetrics.bindTo(registry);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(service.streams());
        streamsMetrics.bindTo(registry);
        // Counting pending jobs exactly would mean scanning the store or keeping a count that a crash
        // could lose; RocksDB's estimate costs nothing. It includes dedupe tombstones (ended jobs kept
        // for the retention), so read it as a size, and the rate of terminal events as progress.
        LocalJobs jobs = new LocalJobs(service.streams());
        Gauge jobsStored = Gauge.builder(JOBS_STORED, jobs, OpsMeters::estimate)
                .description("Approximate entries in this instance's jobs stores: pending jobs plus "
                        + "dedupe tombstones of ended ones (RocksDB estimate; NaN while rebalancing)")
                .strongReference(true)
                .register(registry);
        return new OpsMeters(registry, streamsMetrics, gcMetrics, jobsStored);
    }

    private static double estimate(LocalJobs jobs) {
        OptionalLong count = jobs.approximateCount();
        return count.isPresent() ? count.getAsLong() : Double.NaN;
    }

    @Override
    public void close() {
        registry.remove(jobsStored);
        streamsMetrics.close();
        gcMetrics.close();
    }
}
