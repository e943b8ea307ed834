package dev.inferstream.quota;

import dev.inferstream.topology.ApiCapacity;
import java.util.List;

/**
 * This instance's share for the next few seconds, step by step, as computed at one moment. The call budget
 * reads it on every permit, so a share drops exactly when it must even if the thread that computes
 * schedules is late; if that thread stops, the schedule runs out and the share becomes zero.
 */
final class ShareSchedule implements ApiCapacity.Share {

    /** Until {@code until} (epoch millis, exclusive), the share is {@code value}. */
    record Step(long until, ShareValue value) {
    }

    private final List<Step> steps;
    private final OwnedPartitions owned;
    private final long settleMillis;
    private final int partitionCount;

    ShareSchedule(List<Step> steps, OwnedPartitions owned, long settleMillis, int partitionCount) {
        this.steps = List.copyOf(steps);
        this.owned = owned;
        this.settleMillis = settleMillis;
        this.partitionCount = partitionCount;
    }

    @Override
    public double at(long now) {
        for (Step step : steps) {
            if (now < step.until()) {
                return step.value().at((double) owned.settled(now, settleMillis) / partitionCount);
            }
        }
        return 0;
    }

    /** Where the share at {@code now} comes from; a schedule that ran out has none to fall back on. */
    ShareValue.Source sourceAt(long now) {
        for (Step step : steps) {
            if (now < step.until()) {
                return step.value().source();
            }
        }
        return ShareValue.Source.NO_VIEW;
    }
}
