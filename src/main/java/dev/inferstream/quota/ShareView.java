package dev.inferstream.quota;

import java.util.Map;
import java.util.Optional;

/**
 * The reports of one slot that every instance agrees on: those that reached the share topic before any
 * report of a later slot did. Every instance reads the same single-partition log, so each derives the same
 * view and computes the same shares from it, without talking to the others.
 */
record ShareView(long slot, Map<String, ShareReport> reports) {

    ShareView {
        reports = Map.copyOf(reports);
    }

    Optional<ShareReport> of(String member) {
        return Optional.ofNullable(reports.get(member));
    }
}
