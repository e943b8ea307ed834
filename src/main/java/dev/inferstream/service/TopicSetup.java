package dev.inferstream.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics ({@code INFERSTREAM_CREATE_TOPICS=true}, the demo, the bench and the tests) and
 * waits until every partition has a leader. Existing topics are left exactly as they are; the replication
 * factor is the broker's default, which an operator sets per cluster.
 */
public final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final long LEADER_POLL_MILLIS = 100;

    private TopicSetup() {
    }

    /**
     * @param partitionsByTopic the topics wanted and the partitions of each one created
     * @return the topics this call created
     */
    public static List<String> createMissing(Map<String, Object> clientProperties,
                                             Map<String, Integer> partitionsByTopic, Duration timeout) {
        Set<String> wanted = partitionsByTopic.keySet();
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = partitionsByTopic.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), Optional.of(topic.getValue()), Optional.empty()))
                    .toList();
            CreateTopicsResult result = admin.createTopics(missing);
            List<String> created = missing.stream().map(NewTopic::name)
                    .filter(name -> createdNow(result, name, timeout)).toList();
            awaitLeaders(admin, wanted, timeout);
            log.info("topics: created {}, already present {}", created,
                    wanted.stream().filter(name -> !created.contains(name)).toList());
            return created;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + wanted + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics " + wanted, e);
        }
    }

    /** Another instance starting at the same time may win the race; that topic then exists, which is the goal. */
    private static boolean createdNow(CreateTopicsResult result, String name, Duration timeout) {
        try {
            result.values().get(name).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new IllegalStateException("could not create topic " + name + ": " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topic " + name, e);
        }
    }

    /**
     * The controller acknowledges a creation before the brokers' metadata has the leaders; a client
     * started in between would see UNKNOWN_TOPIC_OR_PARTITION.
     */
    private static void awaitLeaders(Admin admin, Set<String> topics, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!allPartitionsLed(admin, topics, timeout)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no leaders for every partition of " + topics + " within " + timeout);
            }
            Thread.sleep(LEADER_POLL_MILLIS);
        }
    }

    private static boolean allPartitionsLed(Admin admin, Set<String> topics, Duration timeout)
            throws InterruptedException {
        try {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return descriptions.values().stream()
                    .allMatch(topic -> topic.partitions().stream().allMatch(partition -> partition.leader() != null));
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}
