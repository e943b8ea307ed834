package dev.inferstream.harness.embedded;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Waits until a freshly started broker is registered, unfenced and serving admin requests. */
final class BrokerReadiness {

    private static final int REQUEST_TIMEOUT_MS = 5_000;

    private BrokerReadiness() {
    }

    static void await(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, REQUEST_TIMEOUT_MS))) {
            // describeCluster lists only unfenced brokers, so one node means "accepting traffic".
            WaitFor.until("Kafka broker at " + bootstrapServers + " to be ready", timeout,
                    () -> !admin.describeCluster().nodes().get(REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).isEmpty());
        }
    }
}
