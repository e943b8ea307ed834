package dev.inferstream.state;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When each job next needs attention. A tick reads only entries that are due, so its cost follows
 * the number of due jobs, not the number of pending ones; {@link #entriesRead()} proves it.
 *
 * <p>Removed entries stay in RocksDB as tombstones until compaction, and an iterator steps over each
 * one in its range; every job leaves several in its lane as it is rescheduled. A scan from the lane's
 * first key would therefore cost more with every job that ever went through the lane. Each lane keeps
 * a floor instead: a due time before which it holds no entry, learned by a scan and lowered by every
 * {@link #add}. Scans start there, so a tick steps only over the tombstones left since the last one.
 */
public final class DueIndex {

    public static final String STORE_NAME = "due";
    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    /** Absent until the first scan of the lane: entries restored from the changelog never pass {@link #add}. */
    private final Map<Lane, Long> floors = new EnumMap<>(Lane.class);
    private long entriesRead;

    public DueIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void add(DueKey key) {
        store.put(key.encode(), PRESENT);
        floors.computeIfPresent(key.lane(), (lane, floor) -> Math.min(floor, key.dueAt()));
    }

    public void remove(DueKey key) {
        store.delete(key.encode());
    }

    /**
     * Up to {@code limit} entries of the lane due at or before {@code now}, earliest first, starting
     * after {@code after} when given, so a tick reading in batches never reads an entry twice.
     */
    public List<DueKey> due(Lane lane, long now, int limit, Optional<DueKey> after) {
        List<DueKey> due = new ArrayList<>(Math.min(limit, 1024));
        Optional<Long> floor = Optional.ofNullable(floors.get(lane));
        if (limit <= 0 || after.isEmpty() && floor.filter(earliest -> earliest > now).isPresent()) {
            return due;
        }
        Bytes from = after.map(DueKey::justAfter).orElseGet(() -> floor
                .map(earliest -> DueKey.dueFrom(lane, earliest))
                .orElseGet(() -> DueKey.laneStart(lane)));
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, DueKey.dueBound(lane, now))) {
            while (due.size() < limit && range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                entriesRead++;
                due.add(DueKey.decode(entry.key));
            }
        }
        if (after.isEmpty()) {
            // Started at or below the lane's earliest entry: it read that one first, or nothing is due up to now.
            floors.put(lane, due.isEmpty() ? now + 1 : due.get(0).dueAt());
        }
        return due;
    }

    /**
     * Up to {@code limit} entries of the lane due after {@code now} and at or before {@code until},
     * earliest first: what will fall due before the next tick.
     */
    public List<DueKey> dueBetween(Lane lane, long now, long until, int limit) {
        List<DueKey> soon = new ArrayList<>(Math.min(limit, 1024));
        if (limit <= 0 || until <= now) {
            return soon;
        }
        try (KeyValueIterator<Bytes, byte[]> range = store.range(DueKey.dueFrom(lane, now + 1), DueKey.dueBound(lane, until))) {
            while (soon.size() < limit && range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                entriesRead++;
                soon.add(DueKey.decode(entry.key));
            }
        }
        return soon;
    }

    /** Entries read by {@link #due} and {@link #dueBetween} since this index was opened. */
    public long entriesRead() {
        return entriesRead;
    }
}
