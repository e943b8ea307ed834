package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken requests become one INVALID_REQUEST each; undecodable records become dead letters. Neither stops the service. */
class BadInputTest {

    static Stream<Arguments> brokenRules() {
        return Stream.of(
                broken("blank requestId", "requestId", b -> b.setRequestId(" ")),
                broken("blank groupName", "groupName", b -> b.setGroupName("")),
                broken("blank project", "projectIdentifier", b -> b.setProjectIdentifier("")),
                broken("blank model", "modelIdentifier", b -> b.setModelIdentifier("  ")),
                broken("no source ids", "sourceIds", b -> b.setSourceIds(List.of())),
                broken("zero source id", "sourceIds", b -> b.setSourceIds(List.of(5L, 0L))),
                broken("negative source id", "sourceIds", b -> b.setSourceIds(List.of(-3L))),
                broken("blank layer name", "outputLayerIdentifier", b -> b.setOutputLayerIdentifier("")),
                broken("zero layer id", "outputLayerIdentifier", b -> b.setOutputLayerIdentifier(0L)),
                broken("zero timeout", "timeoutSeconds", b -> b.setTimeoutSeconds(0)),
                broken("blank replayOf", "replayOf", b -> b.setReplayOf("")),
                broken("too many source ids", "sourceIds",
                        b -> b.setSourceIds(Arrays.asList(new Long[10_001]).stream().map(x -> 1L).toList())),
                broken("huge attributes", "attributes", b -> b.setAttributes(Map.of("blob", "x".repeat(70_000)))));
    }

    private static Arguments broken(String name, String field, UnaryOperator<InferenceRequested.Builder> breakIt) {
        return Arguments.of(name, field, breakIt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRules")
    void givenRequestBreakingARule_emitsOneInvalidRequestNamingTheField_andCallsNothing(
            String name, String field, UnaryOperator<InferenceRequested.Builder> breakIt) {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            InferenceRequested request = breakIt.apply(Requests.live("r-bad")).build();
            harness.send("r-bad", request);

            harness.advance(Duration.ofSeconds(10));

            List<TestRecord<String, InferenceFailed>> failed = harness.failed();
            assertThat(failed).hasSize(1);
            InferenceFailed failure = failed.get(0).value();
            assertThat(failure.getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(failure.getMessage()).contains(field);
            assertThat(failure.getRetryable()).isFalse();
            assertThat(failure.getRequest()).isEqualTo(request);
            assertThat(harness.api.calls()).isEmpty();
            assertThat(harness.counter("inferstream.requests", "result", "invalid")).isEqualTo(1);
        }
    }

    @Test
    void givenKeyDifferentFromRequestId_emitsInvalidRequestAboutTheKey() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send("other-key", Requests.live("r-1").build());

            harness.advance(Duration.ofSeconds(1));

            TestRecord<String, InferenceFailed> failed = harness.failed().get(0);
            assertThat(failed.key()).isEqualTo("other-key");
            assertThat(failed.value().getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(failed.value().getMessage()).contains("key");
            assertThat(harness.api.calls()).isEmpty();
        }
    }

    @Test
    void givenMissingKey_emitsInvalidRequestKeyedByTheRequestId() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send(null, Requests.live("r-1").build());

            harness.advance(Duration.ofSeconds(1));

            TestRecord<String, InferenceFailed> failed = harness.failed().get(0);
            assertThat(failed.key()).isEqualTo("r-1");
            assertThat(failed.value().getMessage()).contains("key");
        }
    }

    @Test
    void givenTombstoneValue_emitsInvalidRequestWithoutARequest() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            harness.send("r-gone", null);

            harness.advance(Duration.ofSeconds(1));

            InferenceFailed failure = harness.failed().get(0).value();
            assertThat(failure.getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(failure.getRequestId()).isEqualTo("r-gone");
            assertThat(failure.getRequest()).isNull();
        }
    }

    /**
     * TopologyTestDriver skips undecodable records but does not capture Kafka Streams' dead-letter
     * output; the broker integration test asserts the dead-letter records themselves.
     */
    @Test
    void givenUndecodableRecords_skipsEachWithoutAnEvent_andKeepsProcessing() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            byte[] valid = harness.encode(Requests.live("r-x").build());
            byte[] wrongMagic = valid.clone();
            wrongMagic[0] = 7;
            byte[] unknownSchemaId = valid.clone();
            unknownSchemaId[4] = (byte) 0x7f;
            byte[] truncated = Arrays.copyOf(valid, valid.length / 2);
            byte[] notAvro = "{\"requestId\":\"r-json\"}".getBytes(StandardCharsets.UTF_8);
            for (byte[] value : List.of(wrongMagic, unknownSchemaId, truncated, notAvro)) {
                harness.sendRaw("bad".getBytes(StandardCharsets.UTF_8), value);
            }
            harness.send(Requests.live("r-after").build());

            harness.advance(Duration.ofSeconds(10));

            assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("r-after");
            assertThat(harness.failed()).isEmpty();
            assertThat(harness.api.submits()).isEqualTo(1);
        }
    }
}
