package dev.inferstream.testkit;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker's own contract: the extra-properties hook and lifecycle guards. */
class EmbeddedKafkaBrokerIT {

    private static final int EXTRA_PORT = FreePorts.pick(1)[0];
    private static final String EXTRA_BOOTSTRAP = "127.0.0.1:" + EXTRA_PORT;

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        // The same edits a SASL test makes, with PLAINTEXT so no JAAS setup is needed here.
        broker = new EmbeddedKafkaBroker(props -> {
            append(props, "listeners", "EXTRA://" + EXTRA_BOOTSTRAP);
            append(props, "advertised.listeners", "EXTRA://" + EXTRA_BOOTSTRAP);
            append(props, "listener.security.protocol.map", "EXTRA:PLAINTEXT");
        }).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void listenerAddedThroughExtraPropertiesServesClients() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, EXTRA_BOOTSTRAP))) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);

            // Clients discover the broker through the listener they bootstrapped from.
            assertThat(nodes).extracting(Node::port).containsExactly(EXTRA_PORT);
        }
    }

    @Test
    void startingARunningBrokerIsRejected() {
        assertThatThrownBy(broker::start)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(broker.bootstrapServers());
    }

    private static void append(Properties props, String key, String value) {
        props.setProperty(key, props.getProperty(key) + "," + value);
    }
}
