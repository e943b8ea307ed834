package dev.inferstream.quota;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which share this instance may use when: during slot c the view of slot c - 2; for a guard's length on
 * either side of a slot boundary the smaller of the two views' shares; for a view that is not final yet, or
 * final without this instance's report, the fallback. Every value here stays safe whatever the others do:
 * they use the same views (by the log's order) or their own fallbacks, and the fallback counts only
 * partitions no share in use can have given to anyone else.
 */
final class ShareRule {

    private final String member;
    private final ShareTiming timing;
    private final double callsPerSecond;
    private final int maxInFlight;
    private final int partitionCount;
    private final OwnedPartitions owned;

    /**
     * @param callsPerSecond this instance's configured quota, 0 for unlimited
     * @param maxInFlight    this instance's configured in-flight cap
     * @param partitionCount partitions of the input topic
     */
    ShareRule(String member, ShareTiming timing, double callsPerSecond, int maxInFlight, int partitionCount,
              OwnedPartitions owned) {
        this.member = member;
        this.timing = timing;
        this.callsPerSecond = callsPerSecond;
        this.maxInFlight = maxInFlight;
        this.partitionCount = partitionCount;
        this.owned = owned;
    }

    /**
     * The schedule from {@code now} to the last moment this instance's own reports cover: until the guard
     * before the slot that uses the view of the slot after {@code now}'s, whose report it has not made yet.
     *
     * @param demands what this instance tried to publish per slot (a slot it published nothing for is absent)
     */
    ShareSchedule schedule(long now, ShareLog log, Map<Long, Double> demands) {
        long current = timing.slotOf(now);
        long guard = timing.guardMillis();
        List<ShareSchedule.Step> steps = new ArrayList<>();
        for (long slot = current; slot <= current + ShareTiming.VIEW_LAG; slot++) {
            long start = timing.startOf(slot);
            long viewSlot = slot - ShareTiming.VIEW_LAG;
            ShareValue inside = value(viewSlot, log, demands);
            if (slot > current || now < start + guard) {
                steps.add(new ShareSchedule.Step(start + guard, value(viewSlot - 1, log, demands).min(inside)));
            }
            steps.add(new ShareSchedule.Step(timing.startOf(slot + 1) - guard, inside));
        }
        return new ShareSchedule(steps, owned, timing.settleMillis(), partitionCount);
    }

    private ShareValue value(long viewSlot, ShareLog log, Map<Long, Double> demands) {
        double cap = demands.getOrDefault(viewSlot, 1.0);
        Optional<ShareView> view = log.view(viewSlot);
        if (view.isEmpty()) {
            return ShareValue.fallback(cap, ShareValue.Source.NO_VIEW);
        }
        if (view.get().of(member).isEmpty()) {
            return ShareValue.fallback(cap, ShareValue.Source.NOT_IN_VIEW);
        }
        double share = FairShare.allocate(view.get().reports().values()).getOrDefault(member, 0.0);
        return ShareValue.computed(share * scale(view.get()));
    }

    /**
     * A share is of the smallest quota and in-flight cap any member of the view was configured with, turned
     * into a fraction of this instance's own: instances configured differently (in a rolling change) must
     * not add up to more than the smaller quota.
     */
    private double scale(ShareView view) {
        double rate = 1;
        if (callsPerSecond > 0) {
            double smallest = view.reports().values().stream().mapToDouble(ShareReport::callsPerSecond)
                    .filter(limit -> limit > 0).min().orElse(callsPerSecond);
            rate = Math.min(1, smallest / callsPerSecond);
        }
        int smallestInFlight = view.reports().values().stream().mapToInt(ShareReport::maxInFlight).min()
                .orElse(maxInFlight);
        return Math.min(rate, Math.min(1, (double) smallestInFlight / maxInFlight));
    }
}
