package dev.inferstream.quota;

import dev.inferstream.topology.ApiCapacity;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How much of the quota this instance wants, measured once per slot from its call budget: all of it when a
 * call had to wait for rate or in-flight room during the slot (it would use more than it has), otherwise
 * what it used with room to grow, and nothing without partitions (no task, no calls). What it reports is
 * the most it wanted over the last few slots: a busy instance whose stream thread stalls for one slot (a
 * commit, a pause) must not hand its share away and wait slots to get it back.
 */
final class DemandMeter {

    /** An instance that was never refused asks for this much more than it used. */
    static final double GROWTH = 1.5;
    /** An instance with partitions but no calls keeps this much, so its first calls need not wait for a share. */
    static final double MIN_DEMAND = 0.01;

    private final double callsPerSecond;
    private final int maxInFlight;
    private final double slotSeconds;
    /** Slots whose demand is remembered. */
    static final int MEMORY = 3;

    private ApiCapacity.Usage last = new ApiCapacity.Usage(0, 0, 0);
    private final Deque<Double> recent = new ArrayDeque<>();

    /**
     * @param callsPerSecond the cluster's quota in calls per second, 0 for unlimited
     * @param maxInFlight    the cluster's in-flight cap
     */
    DemandMeter(double callsPerSecond, int maxInFlight, ShareTiming timing) {
        this.callsPerSecond = callsPerSecond;
        this.maxInFlight = maxInFlight;
        this.slotSeconds = timing.slotMillis() / 1_000.0;
    }

    /** The demand to report now, as a fraction of the quota in [0, 1]. */
    double sample(ApiCapacity.Usage usage, int ownedPartitions) {
        ApiCapacity.Usage previous = last;
        last = usage;
        if (ownedPartitions == 0) {
            recent.clear();
            return 0;
        }
        recent.addFirst(since(previous, usage));
        if (recent.size() > MEMORY) {
            recent.removeLast();
        }
        return recent.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    private double since(ApiCapacity.Usage previous, ApiCapacity.Usage usage) {
        if (usage.refusals() > previous.refusals()) {
            return 1;
        }
        double rate = callsPerSecond > 0 ? (usage.callsSent() - previous.callsSent()) / slotSeconds / callsPerSecond : 0;
        double inFlight = (double) usage.inFlight() / maxInFlight;
        return Math.min(1, Math.max(MIN_DEMAND, GROWTH * Math.max(rate, inFlight)));
    }
}
