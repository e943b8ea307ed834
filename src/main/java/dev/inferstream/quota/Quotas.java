package dev.inferstream.quota;

import dev.inferstream.topology.ApiCapacity;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.function.LongSupplier;

/** Starts the quota sharing a service's settings ask for, with its meters. */
public final class Quotas {

    private Quotas() {
    }

    /**
     * @param memberName       a readable prefix of this instance's member id
     * @param clientProperties connection and security settings for Kafka clients
     * @param inputTopic       the topic whose partitions the quota is split by
     * @throws QuotaSetupException when a cluster-wide quota cannot start; the message is one line
     */
    public static QuotaShare start(QuotaSettings settings, String memberName, Map<String, Object> clientProperties,
                                   String inputTopic, TopologySettings.Limits limits, ApiCapacity capacity,
                                   OwnedPartitions owned, MeterRegistry meters, LongSupplier clock) {
        QuotaShare quota = settings.scope() == QuotaScope.CLUSTER
                ? ClusterQuota.start(settings, memberName, clientProperties, inputTopic, limits, capacity, owned, clock)
                : new WholeQuota();
        QuotaMetrics.bind(meters, quota, capacity, owned, clock);
        return quota;
    }
}
