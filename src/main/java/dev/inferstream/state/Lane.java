package dev.inferstream.state;

/**
 * The due index is split into lanes so a tick can serve LIVE work before BACKFILL work and purge
 * tombstones separately, each with a range scan that reads only what is due in that lane.
 */
public enum Lane {
    LIVE((byte) 0),
    BACKFILL((byte) 1),
    PURGE((byte) 2);

    private final byte prefix;

    Lane(byte prefix) {
        this.prefix = prefix;
    }

    byte prefix() {
        return prefix;
    }

    static Lane fromPrefix(byte prefix) {
        for (Lane lane : values()) {
            if (lane.prefix == prefix) {
                return lane;
            }
        }
        throw new IllegalArgumentException("unknown lane prefix " + prefix);
    }
}
