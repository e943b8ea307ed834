package dev.inferstream.harness.sim;

import java.util.SplittableRandom;

/**
 * Random streams keyed by (seed, purpose, index) rather than one shared generator: a job's fate then
 * depends only on the seed and its id, not on which event loop happened to draw first.
 */
final class SeededRandom {

    static final long JOBS = 0x4A4F4253L;
    static final long FAULTS = 0x46415553L;
    static final long EXPORTS = 0x4558504FL;
    static final long SIGNING = 0x5349474EL;

    private SeededRandom() {
    }

    static SplittableRandom forIndex(long seed, long purpose, long index) {
        return new SplittableRandom(mix(mix(seed ^ purpose) + index * 0x9E3779B97F4A7C15L));
    }

    /** MurmurHash3's 64-bit finaliser: nearby seeds and indexes must give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
