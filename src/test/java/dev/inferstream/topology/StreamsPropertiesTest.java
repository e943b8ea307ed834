package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class StreamsPropertiesTest {

    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();

    @Test
    void givenNoOverrides_runsExactlyOnceWithDeadLettersAndPollsOftenEnoughForPunctualTicks() {
        Properties properties = StreamsProperties.of("app", "localhost:9092", Path.of("/tmp/state"), TOPICS, Map.of());

        assertThat(properties.getProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(properties.getProperty(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG))
                .isEqualTo("inference-requested-dlq");
        long pollMillis = Long.parseLong(properties.getProperty(StreamsConfig.POLL_MS_CONFIG));
        assertThat(pollMillis).isLessThanOrEqualTo(TopologySettings.defaults().tickInterval().toMillis() / 4);
    }

    @Test
    void givenOperatorOverrides_theyWinOverTheDefaults() {
        Properties properties = StreamsProperties.of("app", "localhost:9092", Path.of("/tmp/state"), TOPICS,
                Map.of(StreamsConfig.POLL_MS_CONFIG, "100", StreamsConfig.NUM_STREAM_THREADS_CONFIG, "4"));

        assertThat(properties.getProperty(StreamsConfig.POLL_MS_CONFIG)).isEqualTo("100");
        assertThat(properties.getProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo("4");
    }

    @Test
    void givenTheDefaults_buildingTheClientWarnsNothingAboutTheGlobalThreadsHandler(@TempDir Path stateDir) {
        Topology topology = new Topology();
        topology.addSource("in", TOPICS.requested()).addSink("out", TOPICS.completed(), "in");
        Logger streamsConfigLog = (Logger) LoggerFactory.getLogger(StreamsConfig.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        streamsConfigLog.addAppender(warnings);
        try (KafkaStreams streams = new KafkaStreams(topology,
                StreamsProperties.of("app", "127.0.0.1:9", stateDir, TOPICS, Map.of()))) {
            streams.close(Duration.ZERO);
        } finally {
            streamsConfigLog.detachAppender(warnings);
        }

        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                .noneMatch(message -> message.contains("GlobalThread"));
    }

    @Test
    void givenTheDefaults_undecodableRecordsGoThroughTheOneLineDeadLetterHandler() {
        Properties properties = StreamsProperties.of("app", "localhost:9092", Path.of("/tmp/state"), TOPICS, Map.of());

        assertThat(properties.getProperty(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterHandler.class.getName());
    }
}
