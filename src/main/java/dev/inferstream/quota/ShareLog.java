package dev.inferstream.quota;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the share topic, read in offset order, into final {@link ShareView}s: the view of slot k holds each
 * member's latest slot-k report that came before the first report of any later slot. That report closes
 * the view; a slot-k report arriving after it is left out by every reader alike, so all derive the same
 * view, however late each reads it. The price of a wrong clock is only that: a member whose clock runs far
 * ahead closes views early and the others' reports fall out of them, which costs them their shares but
 * never puts two instances on different views.
 */
final class ShareLog {

    /** Views older than this many slots behind the newest are dropped: shares use only the last few. */
    private static final int KEPT_SLOTS = 16;

    private final Map<Long, Map<String, ShareReport>> bySlot = new HashMap<>();
    /** Every slot below this one is closed; reports are accepted only for this slot and later ones. */
    private long newestSlot = Long.MIN_VALUE;

    /** @return false when the report came too late for its slot's view and was left out */
    boolean append(ShareReport report) {
        if (report.slot() < newestSlot) {
            return false;
        }
        if (report.slot() > newestSlot) {
            newestSlot = report.slot();
            bySlot.keySet().removeIf(slot -> slot < newestSlot - KEPT_SLOTS);
        }
        bySlot.computeIfAbsent(report.slot(), slot -> new HashMap<>()).put(report.member(), report);
        return true;
    }

    /** The final view of {@code slot}, once a report of a later slot has been read; empty until then. */
    Optional<ShareView> view(long slot) {
        if (slot >= newestSlot || slot < newestSlot - KEPT_SLOTS) {
            return Optional.empty();
        }
        return Optional.of(new ShareView(slot, bySlot.getOrDefault(slot, Map.of())));
    }
}
