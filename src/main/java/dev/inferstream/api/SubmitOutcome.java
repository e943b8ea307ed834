package dev.inferstream.api;

/** What a POST can lead to. */
public sealed interface SubmitOutcome extends ApiOutcome
        permits ApiOutcome.Accepted, ApiOutcome.Rejected, ApiOutcome.Unauthorized, ApiOutcome.Forbidden,
                ApiOutcome.NotFound, ApiOutcome.RateLimited, ApiOutcome.Transient {}
