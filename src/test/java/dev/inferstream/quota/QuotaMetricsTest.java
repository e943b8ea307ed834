package dev.inferstream.quota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.topology.ApiCapacity;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The meters every instance exports about its share; ClusterQuotaIT reads them under a cluster-wide quota. */
class QuotaMetricsTest {

    private static final long NOW = 1_000_000;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TopologySettings.Limits limits = TopologySettings.Limits.defaults().withInFlightAndRate(256, 300);
    private final ApiCapacity capacity = new ApiCapacity(limits, TopologySettings.Retries.defaults());
    private final OwnedPartitions owned = new OwnedPartitions(() -> NOW);

    private double gauge(String name) {
        return registry.get(name).gauge().value();
    }

    @Test
    void givenLimitsPerInstance_theShareIsWhole_theInFlightCapTheConfiguredOne_andThePartitionsCounted() {
        owned.acquired(0);
        owned.acquired(3);

        Quotas.start(QuotaSettings.perInstance(), "member", Map.of(), "input", limits, capacity, owned, registry,
                () -> NOW);

        assertThat(gauge("inferstream.quota.share")).isEqualTo(1.0);
        assertThat(gauge("inferstream.quota.in.flight")).isEqualTo(256.0);
        assertThat(gauge("inferstream.quota.partitions")).isEqualTo(2.0);
        assertThat(gauge("inferstream.quota.fallback")).isZero();
    }

    @Test
    void theInFlightGauge_followsTheShareTheCallBudgetHoldsNow() {
        Quotas.start(QuotaSettings.perInstance(), "member", Map.of(), "input", limits, capacity, owned, registry,
                () -> NOW);

        capacity.share(now -> now < NOW ? 1.0 : 0.25);
        assertThat(gauge("inferstream.quota.in.flight")).isEqualTo(64.0);
        owned.acquired(1);
        assertThat(gauge("inferstream.quota.partitions")).isEqualTo(1.0);
    }
}
