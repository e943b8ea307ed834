package dev.inferstream.service;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says what Kafka Streams waits for while this instance is not RUNNING, so an operator watching a
 * restart is not left with silence: every {@link #REPORT_EVERY} it logs whether the group has not yet
 * assigned tasks (and what that waits for) or which stores are restoring and how many records are left,
 * and once RUNNING, how long it took.
 */
final class RebalanceWatch implements KafkaStreams.StateListener, StateRestoreListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RebalanceWatch.class);
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private final Optional<String> instanceId;
    private final Map<TopicPartition, Long> restoreRemaining = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "rebalance-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile KafkaStreams streams;
    private volatile long notRunningSince = System.nanoTime();
    private volatile boolean running;

    /** @param instanceId the static group membership id, when the instance has one */
    RebalanceWatch(Optional<String> instanceId) {
        this.instanceId = instanceId;
    }

    /** Starts reporting on {@code watched}, whose listeners must already be this watch. */
    void watch(KafkaStreams watched) {
        this.streams = watched;
        long millis = REPORT_EVERY.toMillis();
        timer.scheduleWithFixedDelay(this::report, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onChange(KafkaStreams.State now, KafkaStreams.State before) {
        if (now == KafkaStreams.State.REBALANCING && before == KafkaStreams.State.CREATED) {
            log.info("joining the consumer group {}", instanceId.map(id -> "as static member " + id)
                    .orElse("as a new dynamic member"));
        } else if (now == KafkaStreams.State.REBALANCING && running) {
            running = false;
            notRunningSince = System.nanoTime();
            log.info("Kafka Streams is rebalancing: jobs on partitions that move wait until it ends");
        } else if (now == KafkaStreams.State.RUNNING && !running) {
            running = true;
            log.info("Kafka Streams is RUNNING after {} ms with {} active tasks", elapsed().toMillis(), activeTasks());
        }
    }

    /** One progress line while REBALANCING; called by the timer, and by tests. */
    void report() {
        KafkaStreams watched = streams;
        if (running || watched == null || watched.state() != KafkaStreams.State.REBALANCING) {
            return;
        }
        long seconds = elapsed().toSeconds();
        if (!restoreRemaining.isEmpty()) {
            long left = restoreRemaining.values().stream().mapToLong(Long::longValue).sum();
            log.info("still rebalancing after {} s: restoring {} store partitions from their changelogs, {} records"
                    + " left", seconds, restoreRemaining.size(), left);
        } else if (activeTasks() == 0) {
            log.info("still rebalancing after {} s: waiting for the consumer group to assign tasks. {}", seconds,
                    instanceId.map(id -> "This instance rejoins as static member " + id + ", so it takes back its"
                                    + " own tasks at once; a member that stopped for good is waited for until its"
                                    + " session times out (session.timeout.ms, 45 s by default)")
                            .orElse("A member that stopped without leaving the group is waited for until its"
                                    + " session times out (session.timeout.ms, 45 s by default)"));
        } else {
            log.info("still rebalancing after {} s with {} active tasks: waiting for the group to settle the"
                    + " assignment", seconds, activeTasks());
        }
    }

    private int activeTasks() {
        KafkaStreams watched = streams;
        if (watched == null) {
            return 0;
        }
        try {
            return watched.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
        } catch (RuntimeException notAvailable) {
            return 0;
        }
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - notRunningSince);
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        restoreRemaining.put(partition, Math.max(0, endingOffset - startingOffset));
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        restoreRemaining.computeIfPresent(partition, (key, left) -> Math.max(0, left - numRestored));
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        restoreRemaining.remove(partition);
    }

    @Override
    public void onRestoreSuspended(TopicPartition partition, String storeName, long totalRestored) {
        restoreRemaining.remove(partition);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
