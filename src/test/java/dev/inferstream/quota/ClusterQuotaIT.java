package dev.inferstream.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.server.policy.CreateTopicPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster-wide quota against a real broker: instances in this JVM, each with its own call budget,
 * sharing through the real share topic; and every way its start can fail, each one line.
 */
class ClusterQuotaIT {

    private static final int PARTITIONS = 6;
    private static final Duration SETTLED = Duration.ofSeconds(60);
    private static final AtomicInteger APPLICATIONS = new AtomicInteger();
    private static EmbeddedKafkaBroker broker;

    private final List<QuotaInstance> instances = new ArrayList<>();

    /** Refuses the share topics of applications whose id says so, as a platform's topic policy might. */
    public static final class NoQuotaTopics implements CreateTopicPolicy {
        @Override
        public void validate(RequestMetadata request) {
            if (request.topic().startsWith("forbidden-") && request.topic().endsWith("-quota-shares")) {
                throw new PolicyViolationException("topics are created by the platform team");
            }
        }

        @Override
        public void configure(Map<String, ?> configs) {
        }

        @Override
        public void close() {
        }
    }

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker(props ->
                props.put("create.topic.policy.class.name", NoQuotaTopics.class.getName())).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeInstances() {
        instances.forEach(QuotaInstance::close);
    }

    private static String newApplication(String prefix) {
        String application = prefix + APPLICATIONS.incrementAndGet();
        broker.createTopics(Map.of(application + "-requested", PARTITIONS));
        return application;
    }

    private QuotaInstance instance(String application, int... partitions) {
        QuotaInstance instance = QuotaInstance.start(QuotaSettings.of(QuotaScope.CLUSTER, application),
                broker.bootstrapServers(), application + "-requested", partitions);
        instances.add(instance);
        return instance;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @Test
    void givenTwoBusyInstances_eachGetsItsPartitionsShare_andWhenOneGoesQuietTheOtherTakesTheRest()
            throws InterruptedException {
        String application = newApplication("shares-");
        QuotaInstance first = instance(application, 0, 1, 2, 3);
        QuotaInstance second = instance(application, 4, 5);
        first.busy(true);
        second.busy(true);
        SumWatch watch = SumWatch.start(instances);

        await("shares by partitions").atMost(SETTLED).untilAsserted(() -> {
            assertThat(first.shareNow()).isCloseTo(4.0 / 6, offset(0.001));
            assertThat(second.shareNow()).isCloseTo(2.0 / 6, offset(0.001));
        });
        first.busy(false);
        await("the quiet instance's partitions lent to the busy one").atMost(SETTLED)
                .untilAsserted(() -> assertThat(second.shareNow()).isGreaterThan(0.95));
        second.busy(false);
        first.busy(true);
        await("and back").atMost(SETTLED).untilAsserted(() -> assertThat(first.shareNow()).isGreaterThan(0.95));

        watch.stop();
        assertThat(watch.highest()).as("highest sum of shares over %d samples", watch.samples())
                .isLessThanOrEqualTo(1.0);
        assertThat(watch.busiestSecond()).as("calls made by both in any one second, quota 300")
                .isLessThanOrEqualTo(SumWatch.ceilingOf(300));
        assertThat(first.gauge("inferstream.quota.share")).isGreaterThan(0.95);
        assertThat(first.gauge("inferstream.quota.in.flight")).isGreaterThan(240);
        assertThat(first.gauge("inferstream.quota.partitions")).isEqualTo(4.0);
        assertThat(first.gauge("inferstream.quota.fallback")).isZero();
    }

    @Test
    void theShareTopic_isCreatedWithOnePartition_compacted_andKeepingReportsLongEnough() throws Exception {
        String application = newApplication("created-");
        instance(application, 0);

        String topic = QuotaSettings.topicFor(application);
        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact,delete");
            assertThat(Long.parseLong(config.get("min.compaction.lag.ms").value()))
                    .isGreaterThanOrEqualTo(ShareTopic.MIN_COMPACTION_LAG_MILLIS);
        }
    }

    @Test
    void givenAShareTopicWithSeveralPartitions_startFailsWithOneLineSayingWhatToFix() {
        String application = newApplication("partitioned-");
        broker.createTopics(Map.of(QuotaSettings.topicFor(application), 3));

        QuotaSetupException failure = catchThrowableOfType(QuotaSetupException.class,
                () -> instance(application, 0));

        assertThat(failure.getMessage()).isEqualTo("the share topic " + QuotaSettings.topicFor(application)
                + " has 3 partitions, needs exactly 1 (delete it to have it created as 1 partition, "
                + "cleanup.policy=compact,delete, min.compaction.lag.ms=60000)");
    }

    @Test
    void givenAShareTopicThatCompactsAtOnce_startFailsWithOneLine() throws Exception {
        String application = newApplication("compacting-");
        String topic = QuotaSettings.topicFor(application);
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }

        QuotaSetupException failure = catchThrowableOfType(QuotaSetupException.class,
                () -> instance(application, 0));

        assertThat(failure.getMessage()).contains("min.compaction.lag.ms must be at least 60000").doesNotContain("\n");
    }

    @Test
    void givenAShareTopicTheBrokerWillNotCreate_startFailsWithOneLineNamingTheReason() {
        String application = newApplication("forbidden-");

        QuotaSetupException failure = catchThrowableOfType(QuotaSetupException.class,
                () -> instance(application, 0));

        assertThat(failure.getMessage()).startsWith("cannot create the share topic " + QuotaSettings.topicFor(application)
                        + ": PolicyViolationException: topics are created by the platform team; create it yourself")
                .doesNotContain("\n");
    }

    @Test
    void givenABrokerItCannotReach_startFailsWithinTheSetupTimeoutWithOneLine() {
        QuotaSettings settings = QuotaSettings.of(QuotaScope.CLUSTER, "unreachable")
                .withSetupTimeout(Duration.ofSeconds(2));

        QuotaSetupException failure = catchThrowableOfType(QuotaSetupException.class,
                () -> QuotaInstance.start(settings, "127.0.0.1:" + FreePorts.pick(1)[0], "unreachable-requested", 0));

        assertThat(failure.getMessage()).isEqualTo("cannot reach Kafka within 2 s to describe topic unreachable-requested");
    }

    @Test
    void givenNoInputTopic_startFailsWithOneLine() {
        QuotaSetupException failure = catchThrowableOfType(QuotaSetupException.class,
                () -> QuotaInstance.start(QuotaSettings.of(QuotaScope.CLUSTER, "no-input"), broker.bootstrapServers(),
                        "no-such-topic", 0));

        assertThat(failure.getMessage()).startsWith("the input topic no-such-topic does not exist");
    }

    @Test
    void scopeInstance_usesNoTopic_andGivesTheWholeLimits() throws Exception {
        QuotaInstance alone = QuotaInstance.start(QuotaSettings.perInstance(), broker.bootstrapServers(),
                "never-read", 0);
        instances.add(alone);

        assertThat(alone.shareNow()).isEqualTo(1.0);
        assertThat(alone.capacity().inFlightCeiling(System.currentTimeMillis()))
                .isEqualTo(QuotaInstance.LIMITS.maxInFlight());
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).noneMatch(name -> name.endsWith("-quota-shares")
                    && name.startsWith("never"));
        }
    }
}
