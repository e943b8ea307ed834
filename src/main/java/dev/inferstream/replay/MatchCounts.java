package dev.inferstream.replay;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Matched records per project, model and failure reason: what a dry run reports. */
public final class MatchCounts {

    /** One row of the dry-run table; {@code reason} is {@code "-"} for sources without one. */
    public record Key(String project, String model, String reason) implements Comparable<Key> {
        private static final Comparator<Key> ORDER = Comparator.comparing(Key::project)
                .thenComparing(Key::model).thenComparing(Key::reason);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    private final Map<Key, Long> counts = new TreeMap<>();

    void add(Candidate candidate) {
        Key key = new Key(candidate.request().getProjectIdentifier(), candidate.request().getModelIdentifier(),
                candidate.reason().map(Enum::name).orElse("-"));
        counts.merge(key, 1L, Long::sum);
    }

    public Map<Key, Long> asMap() {
        return Map.copyOf(counts);
    }

    public List<String> table() {
        return counts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%10d  project=%s model=%s reason=%s", e.getValue(), e.getKey().project(),
                        e.getKey().model(), e.getKey().reason()))
                .toList();
    }
}
