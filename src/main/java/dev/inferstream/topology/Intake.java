package dev.inferstream.topology;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.DecodeResult;
import dev.inferstream.serde.RegistryUnavailableException;
import dev.inferstream.state.HeldRecords;
import java.util.Optional;

/**
 * Turns one task's raw input records into requests, in order, whatever the schema registry does.
 *
 * <p>A record that can never be decoded is dead-lettered. A record that needs the registry while it does
 * not answer is <em>held</em>: kept in the task's changelogged {@code held} store (committed with the
 * offsets, so it cannot be lost or held twice), and every later record of the task is held behind it so
 * the order of each key's records is kept. Each tick tries the oldest held record again, paced by
 * {@link RegistryHealth}, and once the registry answers releases them in order. Writing a result needs
 * the registry too (the result schemas' ids), so nothing is taken before those ids are known.
 *
 * <p>Why hold rather than leave the offset where it is: Kafka Streams 4.4 cannot keep a record
 * unconsumed without stopping work. A deserialization handler may only skip the record or fail the
 * thread; a failed thread is replaced and, under exactly-once, a task closed dirty wipes its stores and
 * restores them from the changelog on every retry (a {@code TimeoutException} from processing becomes
 * {@code TaskCorruptedException}, with the same effect); {@code KafkaStreams.pause()} stops punctuation
 * as well, so accepted jobs would stop being polled and time out. Blocking the thread does both.
 * Holding keeps every tick running and costs one changelog write per record held.
 */
final class Intake {

    /** How a taken record is handed on: as a request, or as a record without a value (a tombstone). */
    interface Acceptor {
        void accept(DeadLetter.Input input, Optional<InferenceRequested> request, long now);
    }

    private final EventSerdes serdes;
    private final TopologySettings.Topics topics;
    private final HeldRecords held;
    private final RegistryHealth health;
    private final Acceptor acceptor;
    private boolean resultSchemasKnown;

    Intake(EventSerdes serdes, TopologySettings.Topics topics, HeldRecords held, RegistryHealth health,
           Acceptor acceptor) {
        this.serdes = serdes;
        this.topics = topics;
        this.held = held;
        this.health = health;
        this.acceptor = acceptor;
        health.heldChanged(held.count());
    }

    /** A record from the topic: taken now, or held behind the ones already held. */
    void offer(DeadLetter.Input input, long now) {
        if (!held.isEmpty() || !take(input, now)) {
            held.add(input.partition(), input.offset(), input.timestamp(), input.key(), input.value());
            health.heldChanged(1);
        }
    }

    /**
     * Takes held records in order, at most {@code max}, once the registry may be asked; stops at the first
     * that still cannot be read. A held record found undecodable is removed before its dead letter is
     * thrown, so the next tick goes on with the one after it.
     */
    int release(long now, int max) {
        // Until the result schemas are known, taking a record asks for them, paced by the same health.
        if (held.isEmpty() || (resultSchemasKnown && !health.mayAsk(now))) {
            return 0;
        }
        int released = 0;
        for (HeldRecords.Held record : held.oldest(max)) {
            DeadLetter.Input input = new DeadLetter.Input(topics.requested(), record.partition(), record.offset(),
                    record.timestamp(), record.key(), record.value());
            boolean taken;
            try {
                taken = take(input, now);
            } catch (DeadLetter deadLetter) {
                forget(record);
                throw deadLetter;
            }
            if (!taken) {
                return released;
            }
            if (released == 0) {
                health.answered(now);
            }
            forget(record);
            released++;
        }
        return released;
    }

    /**
     * Whether the result events can be written: their schema ids are asked for once, paced like every
     * other registry call while it does not answer.
     */
    boolean resultSchemasKnown(long now) {
        if (resultSchemasKnown) {
            return true;
        }
        if (!health.mayAsk(now)) {
            return false;
        }
        try {
            serdes.resolveResultSchemas(topics);
        } catch (RegistryUnavailableException e) {
            health.unavailable(e.getMessage(), now);
            return false;
        }
        resultSchemasKnown = true;
        health.answered(now);
        return true;
    }

    boolean holdsRecords() {
        return !held.isEmpty();
    }

    /** The task is closing: its held records stay in the store for the next owner. */
    void close() {
        health.heldChanged(-held.count());
    }

    /** True when the record was handed on (or dead-lettered by the exception thrown); false when it must wait. */
    private boolean take(DeadLetter.Input input, long now) {
        if (!resultSchemasKnown(now)) {
            return false;
        }
        if (input.value().isEmpty()) {
            acceptor.accept(input, Optional.empty(), now);
            return true;
        }
        return serdes.decodeRequest(topics.requested(), input.value().get()).match(new DecodeResult.Cases<>() {
            @Override
            public Boolean decoded(InferenceRequested request) {
                acceptor.accept(input, Optional.of(request), now);
                return true;
            }

            @Override
            public Boolean undecodable(String reason) {
                throw DeadLetter.of(input, reason);
            }

            @Override
            public Boolean registryUnavailable(String reason) {
                health.unavailable(reason, now);
                return false;
            }
        });
    }

    private void forget(HeldRecords.Held record) {
        held.remove(record);
        health.heldChanged(-1);
    }
}
