package dev.inferstream.harness.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API keys the simulator accepts right now, each mapped to the account it signs for. Jobs belong to
 * an account, not to a key, so a key rotated for the same account still sees the jobs the old key made:
 * rotating a key at AnnoLab does not orphan running jobs. A rotated-out key may stay accepted for a
 * grace period, as a careful rotation at a real API allows. Thread-safe.
 */
final class SimKeys {

    /** An accepted key: the account it signs for, and until when (a key past its grace period). */
    private record Grant(String account, Optional<Instant> until) {
        boolean validAt(Instant now) {
            return until.map(now::isBefore).orElse(true);
        }
    }

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final InstantSource clock;

    /** Each configured key starts as an account of its own. */
    SimKeys(Set<String> keys, InstantSource clock) {
        this.clock = clock;
        keys.forEach(key -> grants.put(key, new Grant(key, Optional.empty())));
    }

    /** The account a key signs for, when the key is accepted now. */
    Optional<String> accountOf(String key) {
        return Optional.ofNullable(grants.get(key))
                .filter(grant -> grant.validAt(clock.instant()))
                .map(Grant::account);
    }

    /**
     * Accepts {@code replacement} for the account of {@code old}; {@code old} stays accepted for
     * {@code grace} (zero: refused from now on).
     *
     * @throws IllegalArgumentException when {@code old} is not accepted now
     */
    void rotate(String old, String replacement, Duration grace) {
        String account = accountOf(old).orElseThrow(() -> new IllegalArgumentException("unknown key"));
        grants.put(replacement, new Grant(account, Optional.empty()));
        if (!old.equals(replacement)) {
            if (grace.isZero() || grace.isNegative()) {
                grants.remove(old);
            } else {
                grants.put(old, new Grant(account, Optional.of(clock.instant().plus(grace))));
            }
        }
    }

    /** Stops accepting {@code key}; the account's jobs stay reachable through its other keys. */
    void revoke(String key) {
        grants.remove(key);
    }
}
