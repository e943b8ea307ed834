package dev.inferstream.cli;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.replay.Candidate;
import dev.inferstream.replay.ReplayFilter;
import java.util.Optional;
import java.util.Set;

/**
 * Which events {@code tail} prints: the same project, model and request id rules as a replay's filter,
 * and which outcomes. Dead letters and unreadable records carry no request, so only a request id prefix
 * (matched against their key) can select them, and any other filter leaves them out.
 *
 * @param requests project, model and request id prefix; its reason set is unused
 * @param outcomes {@value #COMPLETED} and failure reason names wanted; empty for all
 */
record TailFilter(ReplayFilter requests, Set<String> outcomes) {

    static final String COMPLETED = "COMPLETED";

    TailFilter {
        outcomes = Set.copyOf(outcomes);
    }

    boolean matches(TailEvent event) {
        if (event instanceof TailEvent.Completed done) {
            return wants(COMPLETED) && requestMatches(Optional.of(done.event().getRequest()), done.key());
        }
        if (event instanceof TailEvent.Failed failed) {
            return wants(failed.event().getReason().name())
                    && requestMatches(Optional.ofNullable(failed.event().getRequest()), failed.key());
        }
        return outcomes.isEmpty() && requestMatches(Optional.empty(), event.key());
    }

    private boolean wants(String outcome) {
        return outcomes.isEmpty() || outcomes.contains(outcome);
    }

    /** Without a decoded request, only the record's key can be matched, and only against the id prefix. */
    private boolean requestMatches(Optional<InferenceRequested> request, String key) {
        return request.map(r -> requests.matches(new Candidate(r, Optional.empty(), true)))
                .orElseGet(() -> requests.projects().isEmpty() && requests.models().isEmpty()
                        && requests.requestIdPrefix().map(key::startsWith).orElse(true));
    }
}
