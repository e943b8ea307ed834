package dev.inferstream.replay;

import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceRequested;
import java.util.Optional;

/**
 * One historical request found by the scan.
 *
 * @param reason    why it failed, for the failed source only
 * @param retryable the failed event's verdict; true for the other sources, which have none
 */
public record Candidate(InferenceRequested request, Optional<FailureReason> reason, boolean retryable) {
}
