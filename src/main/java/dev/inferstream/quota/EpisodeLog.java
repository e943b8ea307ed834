package dev.inferstream.quota;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * Logs a problem once when it starts and once when it ends, not on every loop that still sees it; a problem
 * that comes and goes logs again at most once a minute.
 */
final class EpisodeLog {

    static final long QUIET_MILLIS = 60_000;

    enum Kind { FALLBACK, READ, PUBLISH, FOREIGN_RECORD }

    private final Logger log;
    private final Map<Kind, Long> warnedAt = new EnumMap<>(Kind.class);
    private final Map<Kind, Boolean> open = new EnumMap<>(Kind.class);

    EpisodeLog(Logger log) {
        this.log = log;
    }

    void problem(Kind kind, long now, Supplier<String> message) {
        if (open.getOrDefault(kind, false)) {
            return;
        }
        Long last = warnedAt.get(kind);
        if (last == null || now - last >= QUIET_MILLIS) {
            log.warn(message.get());
            warnedAt.put(kind, now);
            open.put(kind, true);
        }
    }

    void resolved(Kind kind, Supplier<String> message) {
        if (open.getOrDefault(kind, false)) {
            log.info(message.get());
            open.put(kind, false);
        }
    }
}
