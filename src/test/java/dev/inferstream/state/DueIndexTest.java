package dev.inferstream.state;

import static org.assertj.core.api.Assertions.assertThat;

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

    private DueIndex open() {
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
        return new DueIndex(store);
    }
}
