package dev.inferstream.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What {@code run} checks before it starts anything, so that a mistake ends the process at once with
 * one line naming the setting to fix, instead of Kafka Streams retrying silently for minutes: the ops
 * port is free, the brokers answer within the start-up timeout, the contract's topics exist.
 */
final class StartupChecks {

    private StartupChecks() {
    }

    /** Binding and closing at once leaves a race with another process, which the real bind reports the same way. */
    static void requirePortFree(String host, int port, String portVariable, String hostVariable) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw portInUse(host, port, portVariable, hostVariable, e);
        }
    }

    static StartupException portInUse(String host, int port, String portVariable, String hostVariable,
                                      Throwable cause) {
        return new StartupException("the ops port " + host + ":" + port + " cannot be bound (" + describe(cause)
                + "): another process uses it; set " + portVariable + " to a free port (or " + hostVariable
                + " to another address)", cause);
    }

    /**
     * The brokers answer and every topic in {@code topics} exists, within {@code timeout}.
     *
     * @param topicsHint what to do about a missing topic, e.g. the variable that creates them
     */
    static void requireKafka(Map<String, Object> clientProperties, String bootstrapServers, Collection<String> topics,
                             Duration timeout, String timeoutVariable, String topicsHint) {
        Map<String, Object> admin = new java.util.HashMap<>(clientProperties);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        try (Admin client = Admin.create(admin)) {
            Set<String> existing;
            try {
                client.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                existing = client.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                throw new StartupException("Kafka at " + bootstrapServers + " did not answer within "
                        + timeout.toSeconds() + " s (" + timeoutVariable + "): check KAFKA_BOOTSTRAP_SERVERS, that "
                        + "the brokers run and that KAFKA_SECURITY_PROTOCOL and its settings match them ("
                        + describe(e) + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StartupException("interrupted while asking Kafka at " + bootstrapServers + " for its topics", e);
            }
            List<String> missing = topics.stream().filter(topic -> !existing.contains(topic)).toList();
            if (!missing.isEmpty()) {
                throw new StartupException((missing.size() == 1 ? "topic " : "topics ") + String.join(", ", missing)
                        + (missing.size() == 1 ? " does" : " do") + " not exist on " + bootstrapServers + ": "
                        + topicsHint);
            }
        }
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
