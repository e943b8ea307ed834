package dev.inferstream.quota;

import dev.inferstream.topology.ApiCapacity;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One instance's side of the share protocol, without the Kafka clients: the report it publishes each slot,
 * the reports it reads back, and the schedule those give it. {@link ClusterQuota} runs it against the share
 * topic; it must report for a slot before it rebuilds the schedule in that slot, because a schedule may only
 * cover slots whose demand is settled.
 */
final class ShareMember {

    /** Attempted demands kept: enough for the oldest view a schedule uses. */
    private static final int KEPT_DEMANDS = 8;

    private final String member;
    private final ShareTiming timing;
    private final int partitionCount;
    private final double callsPerSecond;
    private final int maxInFlight;
    private final OwnedPartitions owned;
    private final ShareLog shareLog = new ShareLog();
    private final ShareRule rule;
    private final DemandMeter meter;
    /** What this instance tried to publish per slot; a slot it published nothing for is absent. */
    private final Map<Long, Double> demands = new HashMap<>();
    private long lastReported = Long.MIN_VALUE;

    /**
     * @param callsPerSecond this instance's configured quota, 0 for unlimited
     * @param maxInFlight    this instance's configured in-flight cap
     * @param partitionCount partitions of the input topic
     */
    ShareMember(String member, ShareTiming timing, int partitionCount, double callsPerSecond, int maxInFlight,
                OwnedPartitions owned) {
        this.member = member;
        this.timing = timing;
        this.partitionCount = partitionCount;
        this.callsPerSecond = callsPerSecond;
        this.maxInFlight = maxInFlight;
        this.owned = owned;
        this.rule = new ShareRule(member, timing, callsPerSecond, maxInFlight, partitionCount, owned);
        this.meter = new DemandMeter(callsPerSecond, maxInFlight, timing);
    }

    String member() {
        return member;
    }

    boolean reportDue(long now) {
        return timing.slotOf(now) != lastReported;
    }

    /**
     * This slot's report, from the partitions run now and the call budget's use since the last report. It
     * counts as published from here on, whether or not it reaches the topic.
     */
    ShareReport report(long now, ApiCapacity.Usage usage) {
        long slot = timing.slotOf(now);
        Set<Integer> partitions = new HashSet<>(owned.owned());
        partitions.removeIf(partition -> partition >= partitionCount);
        double demand = meter.sample(usage, partitions.size());
        demands.put(slot, demand);
        demands.keySet().removeIf(kept -> kept <= slot - KEPT_DEMANDS);
        lastReported = slot;
        return new ShareReport(member, slot, partitionCount, partitions, demand, callsPerSecond, maxInFlight);
    }

    /** A report read from the topic, in offset order. */
    void read(ShareReport report) {
        shareLog.append(report);
    }

    ShareSchedule schedule(long now) {
        return rule.schedule(now, shareLog, demands);
    }
}
