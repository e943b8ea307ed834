package dev.inferstream.state;

import java.util.Optional;
import org.apache.kafka.streams.state.KeyValueStore;

/** requestId → the job's durable state; a dedupe tombstone once the job has ended. */
public final class JobStore {

    public static final String STORE_NAME = "jobs";

    private final KeyValueStore<String, JobState> store;

    public JobStore(KeyValueStore<String, JobState> store) {
        this.store = store;
    }

    public Optional<JobState> get(String requestId) {
        return Optional.ofNullable(store.get(requestId));
    }

    public void put(JobState job) {
        store.put(job.getRequestId(), job);
    }

    public void delete(String requestId) {
        store.delete(requestId);
    }

}
