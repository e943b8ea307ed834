package dev.inferstream.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates topics and waits until they are usable, not merely accepted by the controller. Public for
 * code that holds only a broker's bootstrap address, such as the scale bench.
 */
public final class TopicCreator {

    private static final short REPLICATION_FACTOR = 1;

    private TopicCreator() {
    }

    public static void create(String bootstrapServers, Map<String, Integer> partitionsByTopic, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> topics = partitionsByTopic.entrySet().stream()
                    .map(e -> new NewTopic(e.getKey(), Optional.of(e.getValue()), Optional.of(REPLICATION_FACTOR)))
                    .toList();
            admin.createTopics(topics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            // The controller acknowledges creation before the broker's metadata cache has the leaders;
            // clients started in between would see UNKNOWN_TOPIC_OR_PARTITION.
            WaitFor.until("leaders for " + partitionsByTopic.keySet(), timeout,
                    () -> allPartitionsLed(admin, partitionsByTopic));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topics " + partitionsByTopic.keySet(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating topics " + partitionsByTopic.keySet(), e);
        }
    }

    private static boolean allPartitionsLed(Admin admin, Map<String, Integer> partitionsByTopic) throws Exception {
        Map<String, TopicDescription> descriptions =
                admin.describeTopics(partitionsByTopic.keySet()).allTopicNames().get();
        return descriptions.values().stream().allMatch(d ->
                d.partitions().size() == partitionsByTopic.get(d.name())
                        && d.partitions().stream().allMatch(p -> p.leader() != null));
    }
}
