package dev.inferstream.replay;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.DecodeResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Runs one replay: plans the offset ranges of the time window, scans them once, and re-publishes every
 * matching request as a BACKFILL request with a deterministic new id. Publishing the same replay twice
 * is safe because the processor deduplicates by requestId; this class relies on that instead of keeping
 * its own record of what it sent.
 */
public final class Replayer {

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(200);

    private final ReplayPlan plan;
    private final ProgressView view;
    private final BooleanSupplier stopRequested;
    private final LongSupplier millis;

    /**
     * @param stopRequested polled between records; once true the run flushes what it sent and ends as
     *                      {@link ReplayResult.Interrupted}
     */
    public Replayer(ReplayPlan plan, ProgressView view, BooleanSupplier stopRequested, LongSupplier millis) {
        this.plan = plan;
        this.view = view;
        this.stopRequested = stopRequested;
        this.millis = millis;
    }

    public ReplayResult run() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
             SourceDecoder decoder = new SourceDecoder(plan.source(), plan.serdeConfig())) {
            requireTopics(consumer);
            List<OffsetRange> ranges = new ScanPlanner(consumer, CLIENT_TIMEOUT)
                    .plan(plan.sourceTopic(), plan.since(), plan.until());
            long offsets = ranges.stream().mapToLong(OffsetRange::size).sum();
            if (offsets == 0) {
                throw new ReplayException("no records in topic '" + plan.sourceTopic() + "' between "
                        + plan.since() + " and " + plan.until());
            }
            return scan(consumer, decoder, ranges, offsets);
        } catch (SerializationException | ConfigException e) {
            throw new ReplayException(e.getMessage(), e);
        } catch (TimeoutException e) {
            throw new ReplayException("Kafka at " + plan.bootstrapServers() + " did not answer within "
                    + CLIENT_TIMEOUT.toSeconds() + " s: " + e.getMessage(), e);
        } catch (KafkaException e) {
            throw new ReplayException("Kafka client failed for " + plan.bootstrapServers() + ": " + rootMessage(e), e);
        }
    }

    private ReplayResult scan(KafkaConsumer<byte[], byte[]> consumer, SourceDecoder decoder, List<OffsetRange> ranges,
                              long offsets) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        Map<TopicPartition, Long> starts = new HashMap<>();
        ranges.stream().filter(range -> range.size() > 0).forEach(range -> {
            ends.put(range.partition(), range.end());
            starts.put(range.partition(), range.start());
        });
        consumer.assign(ends.keySet());
        starts.forEach(consumer::seek);
        Map<TopicPartition, Long> reached = new HashMap<>(starts);

        long startedAt = millis.getAsLong();
        Counters counters = new Counters();
        MatchCounts matches = new MatchCounts();
        UndecodableRecords undecodable = new UndecodableRecords();
        boolean stopped = false;
        try (Publisher publisher = plan.dryRun() ? Publisher.none() : Publisher.open(plan)) {
            while (!ends.isEmpty() && !stopped) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (stopRequested.getAsBoolean()) {
                        stopped = true;
                        break;
                    }
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long end = ends.get(partition);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    reached.put(partition, record.offset() + 1);
                    counters.scanned++;
                    long undecodableBefore = undecodable.total();
                    Optional<Candidate> candidate = readable(decoder, record, undecodable);
                    if (candidate.isEmpty()) {
                        counters.empty += undecodable.total() == undecodableBefore ? 1 : 0;
                    } else if (inWindow(record) && take(candidate.get(), counters)) {
                        counters.matched++;
                        matches.add(candidate.get());
                        stopped = !publisher.publish(plan.overrides().apply(candidate.get().request(), plan.ids()));
                    }
                    view.update(counters.progress(offsets, done(reached, starts), publisher.published(),
                            millis.getAsLong() - startedAt));
                }
                stopped |= stopRequested.getAsBoolean();
                if (!stopped) {
                    // Positions move past transaction markers and aborted records that poll() never returns.
                    ends.forEach((partition, end) ->
                            reached.put(partition, Math.min(end, consumer.position(partition, CLIENT_TIMEOUT))));
                }
                ends.keySet().removeIf(partition -> reached.get(partition) >= ends.get(partition));
                consumer.pause(consumer.assignment().stream().filter(p -> !ends.containsKey(p)).toList());
            }
            publisher.flush();
            long elapsed = millis.getAsLong() - startedAt;
            view.finish(counters.progress(offsets, done(reached, starts), publisher.published(), elapsed));
            ReplaySummary summary = new ReplaySummary(plan.ids().name(), counters.scanned, counters.matched,
                    publisher.published(), counters.skippedOwn, counters.empty, undecodable, Duration.ofMillis(elapsed));
            if (stopped) {
                return new ReplayResult.Interrupted(summary);
            }
            return plan.dryRun() ? new ReplayResult.DryRun(summary, matches) : new ReplayResult.Finished(summary);
        }
    }

    /**
     * The record's request, if any. One that can never be decoded is skipped and counted (or stops the run
     * with {@code --strict}); a registry that does not answer stops the run, since skipping would lose
     * good records: rerunning with the same name continues without duplicates.
     */
    private Optional<Candidate> readable(SourceDecoder decoder, ConsumerRecord<byte[], byte[]> record,
                                         UndecodableRecords undecodable) {
        return decoder.decode(record.topic(), record.value()).match(new DecodeResult.Cases<>() {
            @Override
            public Optional<Candidate> decoded(Optional<Candidate> candidate) {
                return candidate;
            }

            @Override
            public Optional<Candidate> undecodable(String reason) {
                if (plan.strict()) {
                    throw new ReplayException("partition " + record.partition() + " offset " + record.offset()
                            + " of '" + record.topic() + "' cannot be decoded (" + reason + "); stopped (--strict)");
                }
                undecodable.add(record.partition(), record.offset(), reason);
                return Optional.empty();
            }

            @Override
            public Optional<Candidate> registryUnavailable(String reason) {
                throw new ReplayException("stopped at partition " + record.partition() + " offset " + record.offset()
                        + " of '" + record.topic() + "': " + reason + "; run the same command again once the registry "
                        + "answers (what was published is deduplicated)");
            }
        });
    }

    /** Kafka wraps the cause (an unresolvable host, a bad setting); its message is the one to act on. */
    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private static long done(Map<TopicPartition, Long> reached, Map<TopicPartition, Long> starts) {
        return starts.entrySet().stream().mapToLong(e -> reached.get(e.getKey()) - e.getValue()).sum();
    }

    /** Offsets bound the window, but CreateTime timestamps need not rise with offsets: check each record. */
    private boolean inWindow(ConsumerRecord<?, ?> record) {
        return record.timestamp() >= plan.since().toEpochMilli() && record.timestamp() < plan.until().toEpochMilli();
    }

    private boolean take(Candidate candidate, Counters counters) {
        InferenceRequested request = candidate.request();
        if (request.getReplayOf() != null && plan.ids().isOwnReplay(request.getRequestId(), request.getReplayOf())) {
            counters.skippedOwn++;
            return false;
        }
        return plan.filter().matches(candidate);
    }

    private void requireTopics(KafkaConsumer<?, ?> consumer) {
        var topics = consumer.listTopics(CLIENT_TIMEOUT).keySet();
        if (!topics.contains(plan.sourceTopic())) {
            throw new ReplayException("topic '" + plan.sourceTopic() + "' (--from-topic " + plan.source().optionValue()
                    + ") does not exist at " + plan.bootstrapServers() + "; existing: "
                    + topics.stream().filter(t -> !t.startsWith("__")).sorted().collect(Collectors.joining(", ")));
        }
        if (!plan.dryRun() && !topics.contains(plan.requestedTopic())) {
            throw new ReplayException("topic '" + plan.requestedTopic() + "' to publish to does not exist at "
                    + plan.bootstrapServers() + "; set --requested-topic");
        }
    }

    private Map<String, Object> consumerConfig() {
        return plan.clientConfig(Map.of(
                // Terminal events are written in transactions; aborted ones never happened.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLIENT_TIMEOUT.toMillis(),
                ConsumerConfig.CLIENT_ID_CONFIG, "inferstream-replay-" + plan.ids().name()));
    }

    private static final class Counters {
        long scanned;
        long matched;
        long skippedOwn;
        long empty;

        Progress progress(long offsets, long offsetsDone, long published, long elapsedMillis) {
            return new Progress(offsets, offsetsDone, scanned, matched, published, Duration.ofMillis(elapsedMillis));
        }
    }
}
