package dev.inferstream.api;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each status word AnnoLab uses that Inferstream does not know, once: the job (or export) counts as
 * running, but an operator should learn that the API speaks a new word (it may be a terminal state that
 * will only end as a timeout). Remembers at most {@link #MAX_WORDS} words, so a server inventing words
 * costs no memory.
 */
final class UnknownStatuses {

    static final int MAX_WORDS = 64;
    private static final int MAX_WORD_BYTES = 64;
    private static final Logger log = LoggerFactory.getLogger(UnknownStatuses.class);

    private final String subject;
    private final Predicate<String> isUnknown;
    private final Set<String> seen = new HashSet<>();
    private boolean full;

    private UnknownStatuses(String subject, Predicate<String> isUnknown) {
        this.subject = subject;
        this.isUnknown = isUnknown;
    }

    static UnknownStatuses ofJobs() {
        return new UnknownStatuses("job", StatusWords::isUnknown);
    }

    static UnknownStatuses ofExports() {
        return new UnknownStatuses("export", StatusWords::isUnknownExportStatus);
    }

    /** {@code status} is already redacted; it is logged cut to a few dozen bytes. {@code where} names the job. */
    synchronized void saw(String status, String where) {
        if (!isUnknown.test(status) || full) {
            return;
        }
        String word = ApiText.cut(StatusWords.normalised(status), MAX_WORD_BYTES);
        if (seen.contains(word)) {
            return;
        }
        if (seen.size() == MAX_WORDS) {
            full = true;
            log.warn("AnnoLab used more than {} unknown {} statuses; further ones count as running unlogged",
                    MAX_WORDS, subject);
            return;
        }
        seen.add(word);
        log.warn("AnnoLab reported the unknown {} status \"{}\" ({}); it counts as running. Terminal "
                + "statuses are Finished, {}", subject, ApiText.cut(status, MAX_WORD_BYTES), where,
                String.join(", ", StatusWords.ERRORED.stream().sorted().toList()));
    }
}
