package dev.inferstream.api;

/** What a status GET can lead to. */
public sealed interface StatusOutcome extends ApiOutcome
        permits ApiOutcome.JobStatus, ApiOutcome.Rejected, ApiOutcome.Unauthorized, ApiOutcome.Forbidden,
                ApiOutcome.NotFound, ApiOutcome.RateLimited, ApiOutcome.Transient {}
