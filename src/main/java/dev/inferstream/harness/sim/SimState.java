package dev.inferstream.harness.sim;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all server instances share: the accepted keys, the jobs, the counters, and the request sequence
 * that keys fault draws.
 */
record SimState(SimConfig config, SimKeys keys, Catalog catalog, JobBook jobs, StatsRecorder stats,
                AtomicLong requestSequence) {

    static SimState fresh(SimConfig config, InstantSource clock) {
        return new SimState(config, new SimKeys(config.apiKeys(), clock), new Catalog(config), new JobBook(config, clock),
                new StatsRecorder(), new AtomicLong());
    }

    SimStats snapshot() {
        return stats.snapshot(jobs);
    }

    void reset() {
        jobs.clear();
        stats.reset();
        requestSequence.set(0);
    }
}
