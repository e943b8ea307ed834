package dev.inferstream.api;

/** What a status GET can lead to. */
public sealed interface StatusOutcome extends ApiOutcome
        permits ApiOutcome.JobStatus, ApiOutcome.Rejected, ApiOutcome.Unauthorized, ApiOutcome.Forbidden,
                ApiOutcome.NotFound, ApiOutcome.RateLimited, ApiOutcome.UnusableAnswer,
                ApiOutcome.Transient {

    /**
     * One method per outcome of a status GET. Java 17 has no exhaustive pattern switch, so this is how
     * the compiler makes every handler answer a new outcome before it builds.
     */
    interface Cases<R> {
        R jobStatus(JobStatus status);

        R rejected(Rejected rejected);

        R unauthorized(Unauthorized unauthorized);

        R forbidden(Forbidden forbidden);

        R notFound(NotFound notFound);

        R rateLimited(RateLimited rateLimited);

        R unusableAnswer(UnusableAnswer answer);

        R failedTransiently(Transient failure);
    }

    <R> R match(Cases<R> cases);
}
