package dev.inferstream.harness.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** All jobs, shared by every event loop; plans each job's future when it is submitted. */
final class JobBook {

    private final ConcurrentHashMap<Long, Job> jobs = new ConcurrentHashMap<>();
    // Ids keep counting across resets so a stale id from an earlier run cannot find a new job.
    private final AtomicLong lastId = new AtomicLong();
    private final InstantSource clock;
    private final long seed;
    private final double erroredShare;
    private final Duration queuedFor;

    JobBook(SimConfig config, InstantSource clock) {
        this.clock = clock;
        this.seed = config.seed();
        this.erroredShare = config.erroredShare();
        this.queuedFor = config.queuedFor();
    }

    Job submit(String ownerAccount, Resolution.Resolved target, List<Long> sourceIds) {
        long id = lastId.incrementAndGet();
        Instant now = clock.instant();
        SplittableRandom random = SeededRandom.forIndex(seed, SeededRandom.JOBS, id);
        JobStatus outcome = random.nextDouble() < erroredShare ? JobStatus.ERRORED : JobStatus.FINISHED;
        Optional<Duration> runTime = target.model().duration().draw(random);
        Instant queuedUntil = now.plus(runTime.filter(d -> d.compareTo(queuedFor) < 0).orElse(queuedFor));
        Job job = new Job(id, ownerAccount, target, sourceIds, now, queuedUntil, runTime.map(now::plus), outcome);
        jobs.put(id, job);
        return job;
    }

    /** Someone else's job answers like a missing one, as AnnoLab does. */
    Optional<Job> find(long id, String account) {
        return Optional.ofNullable(jobs.get(id)).filter(job -> job.ownedBy(account));
    }

    List<JobStats> stats() {
        Instant now = clock.instant();
        return jobs.values().stream()
                .sorted(Comparator.comparingLong(Job::id))
                .map(job -> job.stats(now))
                .toList();
    }

    Instant now() {
        return clock.instant();
    }

    void clear() {
        jobs.clear();
    }
}
