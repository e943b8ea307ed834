package dev.inferstream.api;

import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each status word AnnoLab uses that Inferstream does not know, once: the job counts as running, but
 * an operator should learn that the API speaks a new word (it may be a terminal state that will only end
 * as a timeout). Remembers at most {@link #MAX_WORDS} words, so a server inventing words costs no memory.
 */
final class UnknownStatuses {

    static final int MAX_WORDS = 64;
    private static final int MAX_WORD_BYTES = 64;
    private static final Logger log = LoggerFactory.getLogger(UnknownStatuses.class);

    private final Set<String> seen = new HashSet<>();
    private boolean full;

    /** {@code status} is already redacted; it is logged cut to a few dozen bytes. */
    synchronized void saw(String status, long jobId) {
        if (!StatusWords.isUnknown(status) || full) {
            return;
        }
        String word = ApiText.cut(StatusWords.normalised(status), MAX_WORD_BYTES);
        if (seen.contains(word)) {
            return;
        }
        if (seen.size() == MAX_WORDS) {
            full = true;
            log.warn("AnnoLab used more than {} unknown job statuses; further ones count as running unlogged",
                    MAX_WORDS);
            return;
        }
        seen.add(word);
        log.warn("AnnoLab reported the unknown job status \"{}\" (job {}); it counts as running. Terminal "
                + "statuses are Finished, {}", ApiText.cut(status, MAX_WORD_BYTES), jobId,
                String.join(", ", StatusWords.ERRORED.stream().sorted().toList()));
    }
}
