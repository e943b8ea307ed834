package dev.inferstream.topology;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a metric label's values few: the first {@code limit} distinct values this instance meets get a
 * label of their own, every later one is counted as {@value #OTHER}. Which values were first can differ
 * between instances and restarts; a deployment with more models than the limit raises it
 * ({@code INFERSTREAM_METRIC_LABEL_LIMIT}) rather than have them share "other". Thread-safe.
 */
final class BoundedLabels {

    static final String OTHER = "other";
    /** Longer values are cut, so one odd identifier cannot make a huge series name. */
    static final int MAX_LENGTH = 100;
    static final String UNKNOWN = "unknown";

    private final int limit;
    private final Set<String> labelled = ConcurrentHashMap.newKeySet();

    BoundedLabels(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the label limit must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    /** The label for {@code value}: itself while there is room or once it has one, otherwise "other". */
    String of(String value) {
        if (value == null || value.isBlank()) {
            return UNKNOWN;
        }
        String label = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
        if (labelled.contains(label)) {
            return label;
        }
        synchronized (this) {
            if (labelled.size() < limit) {
                labelled.add(label);
                return label;
            }
        }
        return labelled.contains(label) ? label : OTHER;
    }
}
