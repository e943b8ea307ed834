package dev.inferstream.api;

import java.util.Locale;
import java.util.Set;

/**
 * What AnnoLab's job and export status words mean. Only {@code Finished} and the words of {@link #ERRORED}
 * end a job or an export; {@code Queued} and {@code Running} are a job's documented running states,
 * {@code initialized}, {@code started} an export's; any other word also counts as running, so a new
 * intermediate state never fails a request. Words are compared ignoring case,
 * blanks, hyphens and underscores ({@code Partial_Error} is {@code PartialError}).
 */
final class StatusWords {

    static final String FINISHED = "finished";
    static final Set<String> ERRORED = Set.of("errored", "error", "failed", "cancelled", "canceled", "partialerror");
    static final Set<String> RUNNING = Set.of("queued", "running");
    /** An export's running states; AnnoLab's own SDK spells the first {@code initalized}. */
    static final Set<String> EXPORT_RUNNING = Set.of("initialized", "initalized", "started");

    private StatusWords() {}

    static boolean isFinished(String status) {
        return normalised(status).equals(FINISHED);
    }

    static boolean isErrored(String status) {
        return ERRORED.contains(normalised(status));
    }

    /** A word that is neither documented nor terminal-looking: counted as running, worth telling an operator. */
    static boolean isUnknown(String status) {
        String word = normalised(status);
        return !word.equals(FINISHED) && !ERRORED.contains(word) && !RUNNING.contains(word);
    }

    /** The same for an export, whose running words differ and whose terminal words are the same. */
    static boolean isUnknownExportStatus(String status) {
        String word = normalised(status);
        return !word.equals(FINISHED) && !ERRORED.contains(word) && !EXPORT_RUNNING.contains(word);
    }

    static String normalised(String status) {
        return status.toLowerCase(Locale.ROOT).replaceAll("[\\s_-]", "");
    }
}
