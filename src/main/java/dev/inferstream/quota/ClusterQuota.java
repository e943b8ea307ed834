package dev.inferstream.quota;

import dev.inferstream.topology.ApiCapacity;
import dev.inferstream.topology.TopologySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link QuotaScope#CLUSTER}: one thread that, once per slot, publishes what this instance owns and wants to
 * the share topic, reads everyone's reports back, and hands the call budget a {@link ShareSchedule} built
 * by the {@link ShareRule}. It never stops processing: when the topic cannot be written or read, the
 * schedule falls back to this instance's own partitions' share, which is logged once.
 */
public final class ClusterQuota implements QuotaShare {

    private static final Logger log = LoggerFactory.getLogger(ClusterQuota.class);
    /** Longest wait for records before the loop looks at the clock again. */
    private static final long MAX_POLL_MILLIS = 100;
    /** A send must not hold up the loop: the schedule it keeps fresh runs out in under three seconds. */
    private static final long MAX_SEND_BLOCK_MILLIS = 100;
    /** No share computed with the others by then is worth a warning; before, it is just starting. */
    private static final long STARTUP_GRACE_MILLIS = 10_000;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final String member;
    private final String topic;
    private final ShareTiming timing;
    private final int partitionCount;
    private final ApiCapacity capacity;
    private final OwnedPartitions owned;
    private final LongSupplier clock;
    private final Producer<byte[], byte[]> producer;
    private final Consumer<byte[], byte[]> consumer;
    private final ShareMember share;
    private final EpisodeLog episodes = new EpisodeLog(log);
    private final long startedAt;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile ShareSchedule schedule;
    private volatile Optional<Throwable> publishFailure = Optional.empty();
    private boolean hadView;

    private ClusterQuota(String member, QuotaSettings settings, int partitionCount, TopologySettings.Limits limits,
                         ApiCapacity capacity, OwnedPartitions owned, LongSupplier clock,
                         Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer) {
        this.member = member;
        this.topic = settings.topic();
        this.timing = settings.timing();
        this.partitionCount = partitionCount;
        this.capacity = capacity;
        this.owned = owned;
        this.clock = clock;
        this.producer = producer;
        this.consumer = consumer;
        this.share = new ShareMember(member, timing, partitionCount, limits.callsPerSecond(), limits.maxInFlight(),
                owned);
        this.startedAt = clock.getAsLong();
        reschedule(startedAt);
        this.thread = new Thread(this::run, "inferstream-quota");
        thread.setDaemon(true);
    }

    /**
     * Prepares the share topic and checks this instance can read and write it, then starts sharing. Until the
     * first share computed with the others (about three slots), the share is the fallback, which is zero
     * for partitions just taken.
     *
     * @param memberName       a readable prefix of this instance's member id (its ops address)
     * @param clientProperties connection and security settings for Kafka clients
     * @param inputTopic       the topic whose partitions the quota is split by
     * @throws QuotaSetupException with one line saying what to fix
     */
    public static ClusterQuota start(QuotaSettings settings, String memberName, Map<String, Object> clientProperties,
                                     String inputTopic, TopologySettings.Limits limits, ApiCapacity capacity,
                                     OwnedPartitions owned, LongSupplier clock) {
        String member = memberName + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
        Duration timeout = settings.setupTimeout();
        int partitionCount;
        Admin admin = Admin.create(withClientId(clientProperties, AdminClientConfig.configNames(), member));
        try {
            partitionCount = ShareTopic.prepare(admin, settings.topic(), replicationFactor(clientProperties),
                    inputTopic, timeout);
        } catch (KafkaException e) {
            throw ShareTopic.failed("connect to Kafka for the share topic", e);
        } finally {
            // Without a bound, closing waits for requests that never got an answer, up to a minute.
            admin.close(CLOSE_TIMEOUT);
        }
        Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(clientProperties, member),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        Producer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(clientProperties, member),
                new ByteArraySerializer(), new ByteArraySerializer());
        try {
            TopicPartition partition = new TopicPartition(settings.topic(), 0);
            consumer.assign(List.of(partition));
            // From the beginning: a view is only the same on every instance if each has read all before it.
            consumer.seekToBeginning(List.of(partition));
            consumer.position(partition, timeout);
            checkWritable(producer, settings.topic(), member, timeout);
        } catch (KafkaException e) {
            closeQuietly(producer, consumer);
            throw ShareTopic.failed("read the share topic " + settings.topic(), e);
        } catch (QuotaSetupException e) {
            closeQuietly(producer, consumer);
            throw e;
        }
        ClusterQuota quota = new ClusterQuota(member, settings, partitionCount, limits, capacity, owned, clock,
                producer, consumer);
        quota.thread.start();
        log.info("cluster quota: member {} shares {} calls/s and {} calls in flight through {} ({} input partitions)",
                member, limits.callsPerSecond() > 0 ? limits.callsPerSecond() : "unlimited", limits.maxInFlight(),
                settings.topic(), partitionCount);
        return quota;
    }

    /**
     * Writes this member's tombstone, which proves the topic takes writes and leaves nothing behind. The
     * producer learns the new topic's leader only after a while, so a timed-out send is tried again.
     */
    private static void checkWritable(Producer<byte[], byte[]> producer, String topic, String member,
                                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                producer.send(tombstone(topic, member)).get(Math.max(1, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException)
                        || System.nanoTime() >= deadline) {
                    throw ShareTopic.failed("write to the share topic " + topic, e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new QuotaSetupException("cannot write to the share topic " + topic + " within "
                        + timeout.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new QuotaSetupException("interrupted while writing to the share topic " + topic);
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (System.nanoTime() >= deadline) {
                    throw ShareTopic.failed("write to the share topic " + topic, e);
                }
            }
        }
    }

    @Override
    public double shareAt(long now) {
        return schedule.at(now);
    }

    @Override
    public boolean fallingBackAt(long now) {
        return schedule.sourceAt(now).fallsBack();
    }

    String member() {
        return member;
    }

    private void run() {
        while (running) {
            try {
                step();
            } catch (WakeupException e) {
                // close() woke the poll; the loop condition ends it.
            } catch (RuntimeException e) {
                episodes.problem(EpisodeLog.Kind.READ, clock.getAsLong(), () -> "cluster quota: cannot read the share "
                        + "topic " + topic + " (" + describe(e) + "); falling back to this instance's own partitions' "
                        + "share until it can");
                pause();
            }
        }
    }

    private void step() {
        long now = clock.getAsLong();
        if (share.reportDue(now)) {
            publish(share.report(now, capacity.usage()));
            reschedule(clock.getAsLong());
        }
        long nextSlot = timing.startOf(timing.slotOf(now) + 1);
        long wait = Math.max(1, Math.min(MAX_POLL_MILLIS, nextSlot - clock.getAsLong()));
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(wait))) {
            read(record);
        }
        episodes.resolved(EpisodeLog.Kind.READ, () -> "cluster quota: reading the share topic " + topic + " again");
        reschedule(clock.getAsLong());
    }

    private void publish(ShareReport report) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, ShareReportCodec.key(member), ShareReportCodec.value(report)),
                    (metadata, exception) -> publishFailure = Optional.ofNullable(exception));
        } catch (KafkaException e) {
            publishFailure = Optional.of(e);
        }
        Optional<Throwable> failure = publishFailure;
        if (failure.isPresent()) {
            episodes.problem(EpisodeLog.Kind.PUBLISH, clock.getAsLong(), () -> "cluster quota: cannot publish to the "
                    + "share topic " + topic + " (" + describe(failure.get()) + "); the others keep their shares, "
                    + "this instance falls back to its own partitions' share until it can");
        } else {
            episodes.resolved(EpisodeLog.Kind.PUBLISH, () -> "cluster quota: publishing to " + topic + " again");
        }
    }

    private void read(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            // A departed instance's tombstone, kept until compaction: it owns nothing and wants nothing.
            return;
        }
        Optional<ShareReport> report = ShareReportCodec.decode(record.key(), record.value());
        if (report.isEmpty()) {
            episodes.problem(EpisodeLog.Kind.FOREIGN_RECORD, clock.getAsLong(), () -> "cluster quota: ignoring a "
                    + "record at offset " + record.offset() + " of " + topic + " that is not a share report; "
                    + "nothing but Inferstream should write to that topic");
            return;
        }
        share.read(report.get());
    }

    private void reschedule(long now) {
        ShareSchedule next = share.schedule(now);
        schedule = next;
        capacity.share(next);
        ShareValue.Source source = next.sourceAt(now);
        if (!source.fallsBack()) {
            if (!hadView) {
                hadView = true;
                log.info("cluster quota: first share computed with the other instances after {} ms: {}",
                        now - startedAt, String.format("%.3f", next.at(now)));
            }
            episodes.resolved(EpisodeLog.Kind.FALLBACK, () -> "cluster quota: shares computed with the other "
                    + "instances again");
        } else if (hadView || now - startedAt >= STARTUP_GRACE_MILLIS) {
            episodes.problem(EpisodeLog.Kind.FALLBACK, now, () -> "cluster quota: falling back to this instance's "
                    + "own partitions' share (" + owned.settled(now, timing.settleMillis()) + " of " + partitionCount
                    + " partitions): " + reason(source));
        }
    }

    private String reason(ShareValue.Source source) {
        return source == ShareValue.Source.NOT_IN_VIEW
                ? "its reports do not reach the share topic " + topic + " in time"
                : "the share topic " + topic + " is not read up to date";
    }

    private void pause() {
        try {
            Thread.sleep(MAX_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Stops sharing and removes this member from the topic; call after the streams have stopped calling. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            producer.send(tombstone(topic, member)).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            log.debug("cluster quota: could not remove member {} from {} on close", member, topic, e);
        } finally {
            closeQuietly(producer, consumer);
        }
    }

    private static ProducerRecord<byte[], byte[]> tombstone(String topic, String member) {
        return new ProducerRecord<>(topic, 0, ShareReportCodec.key(member), null);
    }

    private static void closeQuietly(Producer<byte[], byte[]> producer, Consumer<byte[], byte[]> consumer) {
        producer.close(CLOSE_TIMEOUT);
        consumer.close();
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    /** As Kafka Streams' internal topics have it: its {@code replication.factor}, else the broker's default. */
    private static Optional<Short> replicationFactor(Map<String, Object> clientProperties) {
        return Optional.ofNullable(clientProperties.get(StreamsConfig.REPLICATION_FACTOR_CONFIG))
                .map(value -> Short.parseShort(value.toString().strip()))
                .filter(factor -> factor > 0);
    }

    private static Map<String, Object> consumerProperties(Map<String, Object> clientProperties, String member) {
        Map<String, Object> properties = withClientId(clientProperties, ConsumerConfig.configNames(), member);
        // The share topic is read by assignment, outside any group: Streams' static membership id stays Streams'.
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        return properties;
    }

    private static Map<String, Object> producerProperties(Map<String, Object> clientProperties, String member) {
        Map<String, Object> properties = withClientId(clientProperties, ProducerConfig.configNames(), member);
        properties.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_SEND_BLOCK_MILLIS);
        // A report is useful for a few seconds; one that cannot be delivered by then is better dropped.
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 3_000);
        return properties;
    }

    /** The settings a client of this kind knows (Kafka Streams' own ones would only be logged as unused). */
    private static Map<String, Object> withClientId(Map<String, Object> clientProperties, Set<String> known,
                                                    String member) {
        Map<String, Object> properties = new HashMap<>();
        clientProperties.forEach((name, value) -> {
            if (known.contains(name)) {
                properties.put(name, value);
            }
        });
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, member + "-quota");
        return properties;
    }
}
