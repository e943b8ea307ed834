package dev.inferstream.service;

import dev.inferstream.state.JobState;
import dev.inferstream.state.JobStore;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Read-only access to the {@code jobs} stores of this instance's active tasks (interactive queries).
 * Reads hit RocksDB, so callers keep them off event loops.
 */
final class LocalJobs {

    private final KafkaStreams streams;

    LocalJobs(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * The job in the given partition's store, or in any local store when no partition is given.
     *
     * @throws InvalidStateStoreException when the store is closed or migrating in a rebalance
     */
    Optional<JobState> find(String requestId, OptionalInt partition) {
        return Optional.ofNullable(store(partition).get(requestId));
    }

    /**
     * RocksDB's estimate of the entries in all local jobs stores: pending jobs plus the dedupe
     * tombstones of ended ones. Empty while the stores are unavailable (rebalancing).
     */
    OptionalLong approximateCount() {
        try {
            return OptionalLong.of(store(OptionalInt.empty()).approximateNumEntries());
        } catch (InvalidStateStoreException e) {
            return OptionalLong.empty();
        }
    }

    private ReadOnlyKeyValueStore<String, JobState> store(OptionalInt partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, JobState>> parameters =
                StoreQueryParameters.fromNameAndType(JobStore.STORE_NAME, QueryableStoreTypes.keyValueStore());
        if (partition.isPresent()) {
            parameters = parameters.withPartition(partition.getAsInt());
        }
        return streams.store(parameters);
    }
}
