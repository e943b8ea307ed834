package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.harness.embedded.FreePorts;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A real Kafka Streams client that can reach no broker stays REBALANCING: what does the watch say? */
class RebalanceWatchTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(RebalanceWatch.class);

    @TempDir
    Path stateDir;

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.INFO);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    @Test
    void givenNoAssignmentYet_itSaysItWaitsForTheGroup_andThatAStaticMemberGetsItsTasksBackAtOnce() {
        try (RebalanceWatch watch = new RebalanceWatch(Optional.of("pod-0-8080"));
             KafkaStreams streams = unreachableStreams()) {
            streams.setStateListener(watch);
            streams.setGlobalStateRestoreListener(watch);
            streams.start();
            watch.watch(streams);
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.REBALANCING);

            watch.report();

            assertThat(messages()).anyMatch(line -> line.contains("joining the consumer group as static member pod-0-8080"))
                    .anyMatch(line -> line.contains("waiting for the consumer group to assign tasks")
                            && line.contains("takes back its own tasks at once"));
            streams.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void givenStoresRestoring_itCountsTheRecordsLeft() {
        try (RebalanceWatch watch = new RebalanceWatch(Optional.empty());
             KafkaStreams streams = unreachableStreams()) {
            streams.setStateListener(watch);
            streams.start();
            watch.watch(streams);
            await().atMost(Duration.ofSeconds(30)).until(() -> streams.state() == KafkaStreams.State.REBALANCING);
            TopicPartition changelog = new TopicPartition("app-jobs-changelog", 2);

            watch.onRestoreStart(changelog, "jobs", 100, 1_100);
            watch.onBatchRestored(changelog, "jobs", 400, 300);
            watch.report();
            watch.onRestoreEnd(changelog, "jobs", 1_000);

            assertThat(messages()).anyMatch(line -> line.contains("restoring 1 store partitions")
                    && line.contains("700 records left"));
            streams.close(Duration.ofSeconds(5));
        }
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private KafkaStreams unreachableStreams() {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "rebalance-watch-test");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + FreePorts.pick(1)[0]);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        return new KafkaStreams(builder.build(), properties);
    }
}
