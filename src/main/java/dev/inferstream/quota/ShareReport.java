package dev.inferstream.quota;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one instance published for one slot: the input partitions whose tasks it ran, how much of the quota
 * it wants, and the limits it was configured with (so instances configured differently settle on the
 * smaller quota).
 *
 * @param member         the publishing instance, unique per process start
 * @param slot           the publisher's slot when it took this report
 * @param partitionCount partitions of the input topic, as the publisher knows them
 * @param partitions     input partitions whose tasks it ran when it took this report
 * @param demand         the fraction of the whole quota it wants, in [0, 1]
 * @param callsPerSecond its configured quota in calls per second, 0 for unlimited
 * @param maxInFlight    its configured in-flight cap
 */
record ShareReport(String member, long slot, int partitionCount, Set<Integer> partitions, double demand,
                   double callsPerSecond, int maxInFlight) {

    ShareReport {
        Objects.requireNonNull(member, "member");
        partitions = Set.copyOf(new TreeSet<>(partitions));
        if (partitionCount < 1 || maxInFlight < 1 || !(callsPerSecond >= 0) || !(demand >= 0 && demand <= 1)
                || partitions.stream().anyMatch(p -> p < 0 || p >= partitionCount)) {
            throw new IllegalArgumentException("not a valid share report: " + member + " slot " + slot);
        }
    }
}
