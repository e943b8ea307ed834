package dev.inferstream.harness.sim;

import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all server instances share: the accepted keys, the jobs and exports, the download URL signer, the
 * counters, and the request sequence that keys fault draws.
 */
record SimState(SimConfig config, SimKeys keys, Catalog catalog, JobBook jobs, ExportBook exports,
                DownloadSigner signer, StatsRecorder stats, AtomicLong requestSequence) {

    static SimState fresh(SimConfig config, InstantSource clock) {
        return new SimState(config, new SimKeys(config.apiKeys(), clock), new Catalog(config), new JobBook(config, clock),
                new ExportBook(config, clock), new DownloadSigner(config.seed()), new StatsRecorder(), new AtomicLong());
    }

    SimStats snapshot() {
        return stats.snapshot(jobs, exports);
    }

    void reset() {
        jobs.clear();
        exports.clear();
        stats.reset();
        requestSequence.set(0);
    }
}
