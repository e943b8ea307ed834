package dev.inferstream.harness.sim;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One accepted job. Its whole future is planned at submit, so the status is a pure function of the
 * time asked; only the status-check bookkeeping changes afterwards.
 */
final class Job {

    private final long id;
    private final String ownerKey;
    private final SimProject project;
    private final SimModel model;
    private final SimLayer layer;
    private final List<Long> sourceIds;
    private final Instant submittedAt;
    private final Instant queuedUntil;
    private final Optional<Instant> finishAt;
    private final JobStatus outcome;
    private final AtomicLong statusChecks = new AtomicLong();
    private final AtomicReference<Instant> terminalSeenAt = new AtomicReference<>();

    Job(long id, String ownerKey, Resolution.Resolved target, List<Long> sourceIds, Instant submittedAt,
        Instant queuedUntil, Optional<Instant> finishAt, JobStatus outcome) {
        this.id = id;
        this.ownerKey = ownerKey;
        this.project = target.project();
        this.model = target.model();
        this.layer = target.layer();
        this.sourceIds = List.copyOf(sourceIds);
        this.submittedAt = submittedAt;
        this.queuedUntil = queuedUntil;
        this.finishAt = finishAt;
        this.outcome = outcome;
    }

    JobStatus statusAt(Instant now) {
        if (finishAt.isPresent() && !now.isBefore(finishAt.get())) {
            return outcome;
        }
        return now.isBefore(queuedUntil) ? JobStatus.QUEUED : JobStatus.RUNNING;
    }

    /** Counts a status check and remembers when a client first could have seen the job end. */
    JobStatus check(Instant now) {
        statusChecks.incrementAndGet();
        JobStatus status = statusAt(now);
        if (status.isTerminal()) {
            terminalSeenAt.compareAndSet(null, now);
        }
        return status;
    }

    boolean ownedBy(String apiKey) {
        return ownerKey.equals(apiKey);
    }

    JobStats stats(Instant now) {
        return new JobStats(id, project.id(), model.name(), submittedAt, finishAt, statusAt(now),
                finishAt.map(at -> outcome), statusChecks.get(), Optional.ofNullable(terminalSeenAt.get()));
    }

    long id() {
        return id;
    }

    SimProject project() {
        return project;
    }

    SimLayer layer() {
        return layer;
    }

    List<Long> sourceIds() {
        return sourceIds;
    }
}
