package dev.inferstream.quota;

import dev.inferstream.topology.ApiCapacity;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;

/** Exports this instance's share of the quota and of the in-flight cap, and what it is computed from. */
final class QuotaMetrics {

    private QuotaMetrics() {
    }

    static void bind(MeterRegistry registry, QuotaShare quota, ApiCapacity capacity, OwnedPartitions owned,
                     LongSupplier clock) {
        Gauge.builder("inferstream.quota.share", quota, q -> q.shareAt(clock.getAsLong()))
                .description("fraction of INFERSTREAM_RATE_LIMIT_PER_SECOND and INFERSTREAM_MAX_IN_FLIGHT this "
                        + "instance may use now (1 when the limits are per instance)")
                .register(registry);
        Gauge.builder("inferstream.quota.in.flight", capacity, c -> c.inFlightCeiling(clock.getAsLong()))
                .description("this instance's share of INFERSTREAM_MAX_IN_FLIGHT now: the most its in-flight limit "
                        + "(inferstream_api_in_flight_limit, sized from the rate and latency) may be")
                .register(registry);
        Gauge.builder("inferstream.quota.fallback", quota, q -> q.fallingBackAt(clock.getAsLong()) ? 1 : 0)
                .description("1 while the share is this instance's own partitions' slices, not one computed "
                        + "with the other instances (starting, or the share topic cannot be used), else 0")
                .register(registry);
        Gauge.builder("inferstream.quota.partitions", owned, o -> o.owned().size())
                .description("input partitions whose tasks run on this instance")
                .register(registry);
    }
}
