package dev.inferstream.api;

/** What a POST can lead to. */
public sealed interface SubmitOutcome extends ApiOutcome
        permits ApiOutcome.Accepted, ApiOutcome.Rejected, ApiOutcome.Unauthorized, ApiOutcome.Forbidden,
                ApiOutcome.NotFound, ApiOutcome.RateLimited, ApiOutcome.UnusableAnswer,
                ApiOutcome.Transient {

    /**
     * One method per outcome of a POST. Java 17 has no exhaustive pattern switch, so this is how the
     * compiler makes every handler answer a new outcome before it builds.
     */
    interface Cases<R> {
        R accepted(Accepted accepted);

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
