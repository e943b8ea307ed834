package dev.inferstream.harness.sim;

import java.time.Instant;
import java.util.Optional;

/**
 * One job as the simulator sees it.
 *
 * @param finishedAt     when the job ends (planned at submit); empty for models that never finish
 * @param status         the status a check would answer at the time of the snapshot
 * @param terminalStatus {@code Finished} or {@code Errored} as planned; empty for models that never finish
 * @param terminalSeenAt the first status check that answered the terminal status; its distance from
 *                       {@code finishedAt} is how late the client noticed
 */
public record JobStats(long jobId, long projectId, String model, Instant submittedAt, Optional<Instant> finishedAt,
                       JobStatus status, Optional<JobStatus> terminalStatus, long statusChecks,
                       Optional<Instant> terminalSeenAt) {
}
