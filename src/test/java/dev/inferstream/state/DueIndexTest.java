package dev.inferstream.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class DueIndexTest {

    private final KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore("due"), Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
    private final List<Bytes> scansFrom = new ArrayList<>();
    private final KeyValueStore<Bytes, byte[]> recording = recording(store);

    @Test
    void givenKeys_encodeAndDecodeRoundTrip_withUnicodeRequestIds() {
        DueKey key = new DueKey(Lane.BACKFILL, 1_795_773_600_123L, "réquest-✓");
        assertThat(DueKey.decode(key.encode())).isEqualTo(key);
    }

    @Test
    void givenEntries_returnsOnlyThoseDueInTheLane_earliestFirst_andCountsWhatItRead() {
        DueIndex index = open();
        index.add(new DueKey(Lane.LIVE, 300, "c"));
        index.add(new DueKey(Lane.LIVE, 100, "b"));
        index.add(new DueKey(Lane.LIVE, 100, "a"));
        index.add(new DueKey(Lane.LIVE, 301, "late"));
        index.add(new DueKey(Lane.BACKFILL, 50, "other-lane"));
        index.add(new DueKey(Lane.LIVE, 256, "just-under-a-byte-boundary"));

        List<DueKey> due = index.due(Lane.LIVE, 300, 100, Optional.empty());

        assertThat(due).extracting(DueKey::requestId)
                .containsExactly("a", "b", "just-under-a-byte-boundary", "c");
        assertThat(index.entriesRead()).isEqualTo(4);
    }

    @Test
    void givenCursor_continuesAfterTheLastEntryRead() {
        DueIndex index = open();
        for (int i = 0; i < 5; i++) {
            index.add(new DueKey(Lane.LIVE, 10, "r" + i));
        }

        List<DueKey> first = index.due(Lane.LIVE, 10, 2, Optional.empty());
        List<DueKey> rest = index.due(Lane.LIVE, 10, 10, Optional.of(first.get(1)));

        assertThat(first).extracting(DueKey::requestId).containsExactly("r0", "r1");
        assertThat(rest).extracting(DueKey::requestId).containsExactly("r2", "r3", "r4");
    }

    @Test
    void givenAScanFoundTheEarliestEntry_theNextScanStartsThere_notAtTheLaneStart() {
        DueIndex index = open();
        index.add(new DueKey(Lane.LIVE, 100, "a"));
        index.add(new DueKey(Lane.LIVE, 200, "b"));
        List<DueKey> first = index.due(Lane.LIVE, 150, 10, Optional.empty());
        index.remove(first.get(0));

        List<DueKey> second = index.due(Lane.LIVE, 300, 10, Optional.empty());

        assertThat(second).extracting(DueKey::requestId).containsExactly("b");
        // The first scan could not know where the lane's entries begin; the second starts at the earliest it read.
        assertThat(scansFrom).containsExactly(DueKey.laneStart(Lane.LIVE), DueKey.dueFrom(Lane.LIVE, 100));
    }

    @Test
    void givenNothingDue_theNextScanStartsAfterThatScansNow() {
        DueIndex index = open();
        index.add(new DueKey(Lane.LIVE, 500, "later"));
        assertThat(index.due(Lane.LIVE, 100, 10, Optional.empty())).isEmpty();

        index.due(Lane.LIVE, 200, 10, Optional.empty());

        assertThat(scansFrom).last().isEqualTo(DueKey.dueFrom(Lane.LIVE, 101));
    }

    @Test
    void givenAnEntryAddedBelowTheFloor_theNextScanStillFindsIt() {
        DueIndex index = open();
        index.add(new DueKey(Lane.LIVE, 500, "later"));
        index.due(Lane.LIVE, 100, 10, Optional.empty());

        index.add(new DueKey(Lane.LIVE, 50, "overdue"));
        index.add(new DueKey(Lane.BACKFILL, 10, "other-lane"));

        assertThat(index.due(Lane.LIVE, 150, 10, Optional.empty())).extracting(DueKey::requestId)
                .containsExactly("overdue");
    }

    @Test
    void givenTheFloorIsAfterNow_noRangeIsOpened() {
        DueIndex index = open();
        index.due(Lane.PURGE, 1_000, 10, Optional.empty());

        assertThat(index.due(Lane.PURGE, 999, 10, Optional.empty())).isEmpty();

        assertThat(scansFrom).hasSize(1);
    }

    @Test
    void givenEntriesAnotherIndexWrote_aNewIndexScansFromTheLaneStart() {
        open().add(new DueKey(Lane.LIVE, 100, "restored"));
        DueIndex reopened = new DueIndex(recording);

        assertThat(reopened.due(Lane.LIVE, 100, 10, Optional.empty())).extracting(DueKey::requestId)
                .containsExactly("restored");
        assertThat(scansFrom).containsExactly(DueKey.laneStart(Lane.LIVE));
    }

    private DueIndex open() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return new DueIndex(recording);
    }

    /** The store, remembering the lower bound of every range scan; stands in for entries RocksDB would step over. */
    @SuppressWarnings("unchecked")
    private KeyValueStore<Bytes, byte[]> recording(KeyValueStore<Bytes, byte[]> delegate) {
        return (KeyValueStore<Bytes, byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {KeyValueStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("range")) {
                        scansFrom.add((Bytes) args[0]);
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
