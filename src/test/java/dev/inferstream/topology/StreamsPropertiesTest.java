package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.internals.ClientUtils;
import org.junit.jupiter.api.Test;

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
    void givenNoOverrides_everyRecordFailureGoesToTheDeadLetterHandler_andTheAssignorSeesGlobalHandlingOn() {
        Properties properties = StreamsProperties.of("app", "localhost:9092", Path.of("/tmp/state"), TOPICS, Map.of());

        assertThat(properties.getProperty(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG))
                .isEqualTo(DeadLetterHandler.class.getName());
        // The partition assignor re-reads Streams' settings from the main consumer's; without the flag there it
        // logs "Processing exception handler is not enabled for the GlobalThread" at every start.
        Map<String, Object> consumer = new StreamsConfig(properties).getMainConsumerConfigs("group", "client", 0);
        assertThat(new ClientUtils.QuietStreamsConfig(consumer)
                .getBoolean(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG)).isTrue();
    }
}
