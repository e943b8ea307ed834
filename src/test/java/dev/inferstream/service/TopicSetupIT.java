package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.topology.TopologySettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code INFERSTREAM_CREATE_TOPICS=true}: missing topics are created, existing ones left exactly as they are. */
class TopicSetupIT {

    private static final TopologySettings.Topics TOPICS = new TopologySettings.Topics("req", "done", "failed", "dlq");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private EmbeddedKafkaBroker broker;

    @BeforeEach
    void startBroker() {
        broker = new EmbeddedKafkaBroker().start();
    }

    @AfterEach
    void stopBroker() {
        broker.close();
    }

    @Test
    void createMissing_createsOnlyTheAbsentTopics_withTheConfiguredPartitions_andIsRepeatable() throws Exception {
        broker.createTopics(Map.of("done", 1));
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());

        assertThat(TopicSetup.createMissing(client, TOPICS.partitioned(4, 2), TIMEOUT))
                .containsExactly("req", "failed", "dlq");
        assertThat(TopicSetup.createMissing(client, TOPICS.partitioned(4, 2), TIMEOUT)).isEmpty();

        try (Admin admin = Admin.create(client)) {
            Map<String, TopicDescription> topics = admin.describeTopics(List.of("req", "done", "failed", "dlq"))
                    .allTopicNames().get();
            assertThat(topics.get("req").partitions()).hasSize(4);
            assertThat(topics.get("failed").partitions()).hasSize(4);
            assertThat(topics.get("dlq").partitions()).hasSize(2);
            assertThat(topics.get("done").partitions()).as("an existing topic is left alone").hasSize(1);
        }
    }
}
