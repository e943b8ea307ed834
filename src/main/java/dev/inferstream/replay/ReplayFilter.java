package dev.inferstream.replay;

import dev.inferstream.events.FailureReason;
import java.util.Optional;
import java.util.Set;

/** Which scanned requests a replay takes; an empty set means "any". */
public record ReplayFilter(Set<String> projects, Set<String> models, Set<FailureReason> reasons,
                           boolean retryableOnly, Optional<String> requestIdPrefix) {

    public ReplayFilter {
        projects = Set.copyOf(projects);
        models = Set.copyOf(models);
        reasons = Set.copyOf(reasons);
    }

    public static ReplayFilter any() {
        return new ReplayFilter(Set.of(), Set.of(), Set.of(), false, Optional.empty());
    }

    public boolean matches(Candidate candidate) {
        var request = candidate.request();
        return (projects.isEmpty() || projects.contains(request.getProjectIdentifier()))
                && (models.isEmpty() || models.contains(request.getModelIdentifier()))
                && (reasons.isEmpty() || candidate.reason().filter(reasons::contains).isPresent())
                && (!retryableOnly || candidate.retryable())
                && requestIdPrefix.map(prefix -> request.getRequestId().startsWith(prefix)).orElse(true);
    }

    /** Reasons and retryability exist only on failed events; asking for them elsewhere is a mistake. */
    public void requireFitsSource(ReplaySource source) {
        if (source != ReplaySource.FAILED && !reasons.isEmpty()) {
            throw new ReplayException("--reason needs --from-topic " + ReplaySource.FAILED.optionValue()
                    + "; " + source.optionValue() + " events carry no failure reason");
        }
        if (source != ReplaySource.FAILED && retryableOnly) {
            throw new ReplayException("--retryable-only needs --from-topic " + ReplaySource.FAILED.optionValue()
                    + "; " + source.optionValue() + " events carry no retryable flag");
        }
    }
}
