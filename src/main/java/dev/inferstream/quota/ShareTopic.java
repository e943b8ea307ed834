package dev.inferstream.quota;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The share topic, created at start when missing and checked when present: one partition (the protocol
 * needs one order of reports that every instance reads alike), compacted so it stays small, and never
 * cleaned of a report while it may still be in use.
 */
final class ShareTopic {

    private static final Logger log = LoggerFactory.getLogger(ShareTopic.class);
    /** Reports are used for seconds; an hour of them is plenty for an instance that starts reading. */
    static final long RETENTION_MILLIS = Duration.ofHours(1).toMillis();
    /** Below this a report could be compacted away while a share computed from it is still in use. */
    static final long MIN_COMPACTION_LAG_MILLIS = Duration.ofMinutes(1).toMillis();
    static final long MIN_RETENTION_MILLIS = Duration.ofMinutes(10).toMillis();
    private static final String CREATE_HINT = "1 partition, cleanup.policy=compact,delete, "
            + TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG + "=" + MIN_COMPACTION_LAG_MILLIS;

    private ShareTopic() {
    }

    /**
     * Creates the share topic if missing, checks it, and returns the partition count of the input topic.
     *
     * @throws QuotaSetupException with one line saying what is wrong
     */
    static int prepare(Admin admin, String topic, Optional<Short> replicationFactor, String inputTopic,
                       Duration timeout) {
        int partitions = describe(admin, inputTopic, timeout)
                .orElseThrow(() -> new QuotaSetupException("the input topic " + inputTopic + " does not exist, and "
                        + "the quota is split by its partitions; create it (or set INFERSTREAM_CREATE_TOPICS=true)"))
                .partitions().size();
        Optional<TopicDescription> existing = describe(admin, topic, timeout);
        if (existing.isEmpty() && create(admin, topic, replicationFactor, timeout)) {
            return partitions;
        }
        // Created by someone else, perhaps a moment ago: then it may be described only on a second look.
        check(admin, existing.or(() -> describe(admin, topic, timeout)).orElseThrow(() -> new QuotaSetupException(
                "the share topic " + topic + " exists but cannot be described")), timeout);
        return partitions;
    }

    private static Optional<TopicDescription> describe(Admin admin, String topic, Duration timeout) {
        try {
            return Optional.of(await(admin.describeTopics(Set.of(topic)).topicNameValues().get(topic), timeout,
                    "describe topic " + topic));
        } catch (UnknownTopic e) {
            return Optional.empty();
        }
    }

    /** @return false when the topic turned out to exist already */
    private static boolean create(Admin admin, String topic, Optional<Short> replicationFactor, Duration timeout) {
        NewTopic newTopic = new NewTopic(topic, Optional.of(1), replicationFactor).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + ","
                        + TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(RETENTION_MILLIS),
                TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, Long.toString(MIN_COMPACTION_LAG_MILLIS),
                TopicConfig.SEGMENT_MS_CONFIG, Long.toString(Duration.ofMinutes(10).toMillis())));
        try {
            await(admin.createTopics(List.of(newTopic)).all(), timeout, "create the share topic " + topic);
            log.info("created the share topic {} ({})", topic, CREATE_HINT);
            return true;
        } catch (QuotaSetupException e) {
            // Another instance starting at the same moment may have created it first.
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new QuotaSetupException(e.getMessage() + "; create it yourself with " + CREATE_HINT);
        }
    }

    private static void check(Admin admin, TopicDescription description, Duration timeout) {
        String topic = description.name();
        List<String> problems = new ArrayList<>();
        if (description.partitions().size() != 1) {
            problems.add("has " + description.partitions().size() + " partitions, needs exactly 1");
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = await(admin.describeConfigs(List.of(resource)).values().get(resource), timeout,
                "read the configuration of topic " + topic);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)
                && longValue(config, TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG) < MIN_COMPACTION_LAG_MILLIS) {
            problems.add(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG + " must be at least " + MIN_COMPACTION_LAG_MILLIS);
        }
        long retention = longValue(config, TopicConfig.RETENTION_MS_CONFIG);
        if (policy.contains(TopicConfig.CLEANUP_POLICY_DELETE) && retention >= 0 && retention < MIN_RETENTION_MILLIS) {
            problems.add(TopicConfig.RETENTION_MS_CONFIG + " must be at least " + MIN_RETENTION_MILLIS);
        }
        if (!problems.isEmpty()) {
            throw new QuotaSetupException("the share topic " + topic + " " + String.join(", ", problems)
                    + " (delete it to have it created as " + CREATE_HINT + ")");
        }
    }

    private static long longValue(Config config, String name) {
        return Long.parseLong(config.get(name).value());
    }

    /**
     * The future's value; an unknown topic as {@link UnknownTopic}, anything else as a {@link QuotaSetupException}
     * that names what could not be done and why, in one line.
     */
    private static <T> T await(KafkaFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new UnknownTopic();
            }
            throw failed(what, e.getCause());
        } catch (TimeoutException e) {
            throw new QuotaSetupException("cannot reach Kafka within " + timeout.toSeconds() + " s to " + what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QuotaSetupException("interrupted while trying to " + what);
        }
    }

    static QuotaSetupException failed(String what, Throwable cause) {
        QuotaSetupException failure = new QuotaSetupException("cannot " + what + ": "
                + cause.getClass().getSimpleName() + ": " + firstLine(cause.getMessage()));
        failure.initCause(cause);
        return failure;
    }

    private static String firstLine(String message) {
        return message == null ? "no detail" : message.lines().findFirst().orElse("no detail");
    }

    /** Control flow inside this class only: a topic that is not there is an answer, not a failure. */
    private static final class UnknownTopic extends RuntimeException {
        UnknownTopic() {
            super(null, null, false, false);
        }
    }
}
