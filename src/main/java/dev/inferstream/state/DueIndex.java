package dev.inferstream.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * When each job next needs attention. A tick reads only entries that are due, so its cost follows
 * the number of due jobs, not the number of pending ones; {@link #entriesRead()} proves it.
 */
public final class DueIndex {

    public static final String STORE_NAME = "due";
    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private long entriesRead;

    public DueIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void add(DueKey key) {
        store.put(key.encode(), PRESENT);
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
        if (limit <= 0) {
            return due;
        }
        Bytes from = after.map(DueKey::justAfter).orElseGet(() -> DueKey.laneStart(lane));
        try (KeyValueIterator<Bytes, byte[]> range = store.range(from, DueKey.dueBound(lane, now))) {
            while (due.size() < limit && range.hasNext()) {
                KeyValue<Bytes, byte[]> entry = range.next();
                entriesRead++;
                due.add(DueKey.decode(entry.key));
            }
        }
        return due;
    }

    /** Entries read by {@link #due} since this index was opened. */
    public long entriesRead() {
        return entriesRead;
    }
}
