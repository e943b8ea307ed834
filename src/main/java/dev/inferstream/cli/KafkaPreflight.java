package dev.inferstream.cli;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.KafkaConnection;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What a tool checks before it publishes or reads: that a broker answers and that the topics exist.
 * Without it a producer retries silently until its metadata wait ends, and then reports a missing topic
 * whether the broker was down, the address wrong or the topic absent.
 */
final class KafkaPreflight {

    static final Duration BROKER_WAIT = Duration.ofSeconds(15);

    private KafkaPreflight() {
    }

    /** @throws ToolFailure saying which of the three is wrong, and what to check */
    static void check(KafkaConnection connection, Collection<String> topics) {
        Map<String, Object> properties = new HashMap<>(connection.clientProperties());
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BROKER_WAIT.toMillis());
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BROKER_WAIT.toMillis());
        try (Admin admin = Admin.create(properties)) {
            awaitBroker(admin, connection.bootstrapServers());
            Set<String> existing = admin.listTopics().names().get(BROKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = topics.stream().filter(topic -> !existing.contains(topic)).distinct().toList();
            if (!missing.isEmpty()) {
                throw new ToolFailure("topic" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing)
                        + " not found at " + connection.bootstrapServers() + " (topics there: "
                        + new TreeSet<>(existing) + "); start the service once with "
                        + EnvNames.CREATE_TOPICS + "=true, create the topic, or name the right one");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new ToolFailure("Kafka at " + connection.bootstrapServers() + " did not list its topics: "
                    + ToolErrors.oneLine(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ToolFailure("interrupted while connecting to Kafka at " + connection.bootstrapServers(), e);
        }
    }

    private static void awaitBroker(Admin admin, String bootstrapServers) throws InterruptedException {
        try {
            admin.describeCluster().nodes().get(BROKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new ToolFailure("no Kafka broker answered at " + bootstrapServers + " within "
                    + BROKER_WAIT.toSeconds() + " s: check --bootstrap-servers (or " + EnvNames.KAFKA_BOOTSTRAP_SERVERS
                    + ") and that the broker runs; docker compose publishes Kafka on localhost:29092", e);
        }
    }
}
