package dev.inferstream.api;

/** What an export POST can lead to. */
public sealed interface ExportStartOutcome extends ApiOutcome
        permits ApiOutcome.ExportStarted, ApiOutcome.Rejected, ApiOutcome.Unauthorized, ApiOutcome.Forbidden,
                ApiOutcome.NotFound, ApiOutcome.RateLimited, ApiOutcome.UnusableAnswer,
                ApiOutcome.UntrustedStatusUrl, ApiOutcome.Transient {

    /**
     * One method per outcome of an export POST. Java 17 has no exhaustive pattern switch, so this is how
     * the compiler makes every handler answer a new outcome before it builds.
     */
    interface Cases<R> {
        R exportStarted(ExportStarted started);

        R rejected(Rejected rejected);

        R unauthorized(Unauthorized unauthorized);

        R forbidden(Forbidden forbidden);

        R notFound(NotFound notFound);

        R rateLimited(RateLimited rateLimited);

        R unusableAnswer(UnusableAnswer answer);

        R untrustedStatusUrl(UntrustedStatusUrl untrusted);

        R failedTransiently(Transient failure);
    }

    <R> R match(Cases<R> cases);
}
