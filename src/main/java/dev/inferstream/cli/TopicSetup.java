package dev.inferstream.cli;

import dev.inferstream.topology.TopologySettings;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the four topics when {@code INFERSTREAM_CREATE_TOPICS=true}. Existing topics are left exactly as
 * they are; the replication factor is the broker's default, which an operator sets per cluster.
 */
final class TopicSetup {

    private static final Logger log = LoggerFactory.getLogger(TopicSetup.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TopicSetup() {
    }

    /** @return the topics this call created */
    static List<String> createMissing(Map<String, Object> clientProperties, TopologySettings.Topics topics,
                                      int partitions) {
        List<String> wanted = List.of(topics.requested(), topics.completed(), topics.failed(), topics.deadLetters());
        try (Admin admin = Admin.create(clientProperties)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = wanted.stream().filter(name -> !existing.contains(name))
                    .map(name -> new NewTopic(name, Optional.of(partitions), Optional.empty()))
                    .toList();
            CreateTopicsResult result = admin.createTopics(missing);
            List<String> created = missing.stream().map(NewTopic::name)
                    .filter(name -> createdNow(result, name)).toList();
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
    private static boolean createdNow(CreateTopicsResult result, String name) {
        try {
            result.values().get(name).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
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
}
