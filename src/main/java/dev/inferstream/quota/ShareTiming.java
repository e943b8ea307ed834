package dev.inferstream.quota;

import java.time.Duration;

/**
 * The clock of the share protocol. Instances publish once per {@code slot}; the shares computed from what
 * everyone published in slot k are used during slot k + 2. Around each slot boundary, for {@code guard}
 * on either side, an instance uses the smaller of the shares before and after it, so hosts whose clocks
 * differ by up to half the guard never use shares from two different slots at once. A partition an
 * instance took over counts toward its fallback share only once it has run it for {@code settle}, by when
 * every share computed while the partition's previous owner still reported it has gone out of use.
 */
public record ShareTiming(Duration slot, Duration guard, Duration settle) {

    /** Slots between the one whose reports make a share and the one that uses it. */
    static final int VIEW_LAG = 2;

    public ShareTiming {
        if (slot.toMillis() < 10 || guard.isNegative() || guard.toMillis() * 2 >= slot.toMillis()) {
            throw new IllegalArgumentException("need a slot of at least 10 ms and a guard under half of it");
        }
        // A report taken at the start of slot k is used until the end of the guard after slot k + 2; with
        // clocks apart by up to half the guard on each side, that is at most this long after it was taken.
        long longestUse = (VIEW_LAG + 1) * slot.toMillis() + 2 * guard.toMillis();
        if (settle.toMillis() < longestUse) {
            throw new IllegalArgumentException("settle must be at least " + longestUse + " ms");
        }
    }

    public static ShareTiming defaults() {
        return new ShareTiming(Duration.ofSeconds(1), Duration.ofMillis(250), Duration.ofSeconds(4));
    }

    long slotMillis() {
        return slot.toMillis();
    }

    long guardMillis() {
        return guard.toMillis();
    }

    long settleMillis() {
        return settle.toMillis();
    }

    long slotOf(long now) {
        return Math.floorDiv(now, slotMillis());
    }

    long startOf(long slot) {
        return slot * slotMillis();
    }
}
