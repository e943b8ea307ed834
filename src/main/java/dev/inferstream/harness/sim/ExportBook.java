package dev.inferstream.harness.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** All exports, shared by every event loop; plans each export's future when it is accepted, as {@link JobBook} does. */
final class ExportBook {

    /** How many exports have reached each end by now. */
    record Ended(long finished, long errored) {}

    private final ConcurrentHashMap<Long, Export> exports = new ConcurrentHashMap<>();
    // Ids keep counting across resets so a stale status or download URL cannot reach a new export.
    private final AtomicLong lastId = new AtomicLong();
    private final InstantSource clock;
    private final long seed;
    private final ExportConfig config;
    private final Duration initalizedFor;

    /** An export leaves {@code initalized} after the jobs' queued time, or when it ends if that is sooner. */
    ExportBook(SimConfig config, InstantSource clock) {
        this.clock = clock;
        this.seed = config.seed();
        this.config = config.exports();
        this.initalizedFor = config.queuedFor();
    }

    Export start(String ownerAccount, ExportResolution.Resolved target, ExportBody body) {
        long id = lastId.incrementAndGet();
        Instant now = clock.instant();
        SplittableRandom random = SeededRandom.forIndex(seed, SeededRandom.EXPORTS, id);
        ExportStatus outcome = random.nextDouble() < config.erroredShare() ? ExportStatus.ERRORED : ExportStatus.FINISHED;
        Optional<Duration> runTime = config.duration().draw(random);
        Instant startedAt = now.plus(runTime.filter(d -> d.compareTo(initalizedFor) < 0).orElse(initalizedFor));
        Export export = new Export(id, ownerAccount, target.project(), target.layers(), body, now, startedAt,
                runTime.map(now::plus), outcome);
        exports.put(id, export);
        return export;
    }

    /** Someone else's export answers like a missing one, as a job does. */
    Optional<Export> find(long id, String account) {
        return find(id).filter(export -> export.ownedBy(account));
    }

    /** Any account's export: a signed download URL needs no key. */
    Optional<Export> find(long id) {
        return Optional.ofNullable(exports.get(id));
    }

    Ended ended() {
        Instant now = clock.instant();
        long finished = 0;
        long errored = 0;
        for (Export export : exports.values()) {
            ExportStatus status = export.statusAt(now);
            if (status == ExportStatus.FINISHED) {
                finished++;
            } else if (status == ExportStatus.ERRORED) {
                errored++;
            }
        }
        return new Ended(finished, errored);
    }

    Instant now() {
        return clock.instant();
    }

    void clear() {
        exports.clear();
    }
}
