package dev.inferstream.state;

import dev.inferstream.events.Priority;
import java.util.List;
import java.util.Optional;

/**
 * The jobs store and the due index kept in step: every job has exactly one due entry, in the lane of
 * its priority while it is active and in the purge lane once it has ended. All changes to a job's
 * schedule go through here so the two stores never disagree.
 */
public final class JobLedger {

    private final JobStore jobs;
    private final DueIndex due;

    public JobLedger(JobStore jobs, DueIndex due) {
        this.jobs = jobs;
        this.due = due;
    }

    public Optional<JobState> find(String requestId) {
        return jobs.get(requestId);
    }

    /** Stores a new job and makes it due at {@code job.getDueAt()}. */
    public void add(JobState job) {
        jobs.put(job);
        due.add(dueKeyOf(job));
    }

    /**
     * Saves {@code job} and moves its due entry to {@code dueAt}. Callers may change the phase among the
     * active phases, which share a lane; ending a job goes through {@link #end}.
     */
    public void reschedule(JobState job, long dueAt) {
        DueKey previous = dueKeyOf(job);
        job.setDueAt(dueAt);
        DueKey next = dueKeyOf(job);
        if (!previous.equals(next)) {
            due.remove(previous);
            due.add(next);
        }
        jobs.put(job);
    }

    /**
     * Turns the job into a dedupe tombstone until {@code purgeAt}: the request is dropped to keep
     * tombstones small, the outcome kept for operators.
     */
    public void end(JobState job, String outcome, long endedAt, long purgeAt) {
        due.remove(dueKeyOf(job));
        job.setPhase(JobPhase.ENDED);
        job.setRequest(null);
        job.setOutcome(outcome);
        job.setEndedAt(endedAt);
        job.setDueAt(purgeAt);
        jobs.put(job);
        due.add(dueKeyOf(job));
    }

    /** Jobs of a lane due at or before {@code now}, earliest first, at most {@code limit}, after {@code after}. */
    public List<DueKey> due(Lane lane, long now, int limit, Optional<DueKey> after) {
        return due.due(lane, now, limit, after);
    }

    /** Jobs of a lane due after {@code now} and at or before {@code until}, earliest first, at most {@code limit}. */
    public List<DueKey> dueBetween(Lane lane, long now, long until, int limit) {
        return due.dueBetween(lane, now, until, limit);
    }

    /** Forgets a tombstone whose dedupe retention has passed. */
    public void purge(DueKey key) {
        due.remove(key);
        jobs.get(key.requestId())
                .filter(job -> job.getPhase() == JobPhase.ENDED && job.getDueAt() == key.dueAt())
                .ifPresent(job -> jobs.delete(job.getRequestId()));
    }

    /** Removes a due entry that no longer matches its job (left by an older version or a lost update). */
    public void dropStale(DueKey key) {
        due.remove(key);
    }

    public long entriesRead() {
        return due.entriesRead();
    }


    public static Lane laneOf(JobState job) {
        if (job.getPhase() == JobPhase.ENDED) {
            return Lane.PURGE;
        }
        return job.getRequest() != null && job.getRequest().getPriority() == Priority.BACKFILL
                ? Lane.BACKFILL : Lane.LIVE;
    }

    private static DueKey dueKeyOf(JobState job) {
        return new DueKey(laneOf(job), job.getDueAt(), job.getRequestId());
    }
}
