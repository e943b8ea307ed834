package dev.inferstream.quota;

import dev.inferstream.topology.TaskOwnership;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The input partitions whose tasks run on this instance, and since when. Stream threads write it as tasks
 * start and close; the share schedule reads it on every call permit, so reads take an immutable snapshot
 * without a lock.
 */
public final class OwnedPartitions implements TaskOwnership {

    private final LongSupplier clock;
    private volatile Map<Integer, Long> since = Map.of();

    /** @param clock epoch milliseconds, the same clock the share protocol runs on */
    public OwnedPartitions(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void acquired(int partition) {
        Map<Integer, Long> next = new HashMap<>(since);
        // A task initialised again without closing in between never stopped running here.
        next.putIfAbsent(partition, clock.getAsLong());
        since = Map.copyOf(next);
    }

    @Override
    public synchronized void released(int partition) {
        Map<Integer, Long> next = new HashMap<>(since);
        next.remove(partition);
        since = Map.copyOf(next);
    }

    Set<Integer> owned() {
        return since.keySet();
    }

    /** Partitions run here continuously for at least {@code settleMillis} before {@code now}. */
    int settled(long now, long settleMillis) {
        int count = 0;
        for (long acquiredAt : since.values()) {
            if (acquiredAt <= now - settleMillis) {
                count++;
            }
        }
        return count;
    }
}
