package dev.inferstream.topology;

import static dev.inferstream.topology.RegistryOutageTest.bytes;
import static dev.inferstream.topology.RegistryOutageTest.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.serde.WireFormat;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * No record can fail a stream thread: whatever one record does, it ends as one event or one dead letter
 * (with a header saying why) and the records behind it are processed. In a TopologyTestDriver a failed
 * thread would surface as an exception out of {@code pipeInput} or {@code advance}.
 */
class PoisonRecordTest {

    @Test
    void givenKeyAndRequestIdOf350000Characters_deadLettersIt_andTheNextRequestRuns() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            String huge = "k".repeat(350_000);
            harness.sendRaw(bytes(huge), harness.encode(Requests.live(huge).setSourceIds(List.of()).build()));
            harness.send(Requests.live("after").build());
            harness.advance(Duration.ofSeconds(10));

            List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(header(letters.get(0), DeadLetterHandler.MESSAGE))
                    .contains("350000 characters").contains(String.valueOf(RequestValidator.MAX_ID_CHARS));
            assertThat(harness.failed()).isEmpty();
            assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("after");
        }
    }

    @Test
    void givenRequestWhoseResultCouldNotBeWritten_deadLettersItWithTheReason() {
        TopologySettings small = TopologySettings.defaults().toBuilder()
                .limits(limitsWithMaxEventBytes(16 * 1024)).build();
        try (TopologyHarness harness = new TopologyHarness(small)) {
            List<Long> manyIds = LongStream.rangeClosed(1, 5_000).boxed().toList();
            harness.send(Requests.live("big").setSourceIds(manyIds).build());
            harness.send(Requests.live("after").build());
            harness.advance(Duration.ofSeconds(10));

            List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
            assertThat(letters).hasSize(1);
            assertThat(header(letters.get(0), DeadLetterHandler.MESSAGE)).contains("max.request.size").contains("16384");
            assertThat(harness.counter("inferstream.requests", "result", "accepted")).isEqualTo(1);
            assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("after");
        }
    }

    @Test
    void givenInvalidRequestTooLargeToCopy_emitsInvalidRequestWithoutTheCopy_withinTheLimit() {
        TopologySettings small = TopologySettings.defaults().toBuilder()
                .limits(limitsWithMaxEventBytes(16 * 1024)).build();
        try (TopologyHarness harness = new TopologyHarness(small)) {
            harness.send(Requests.live("bad").setGroupName("").setAttributes(Map.of("blob", "x".repeat(30_000))).build());
            harness.advance(Duration.ofSeconds(1));

            List<TestRecord<String, InferenceFailed>> failed = harness.failed();
            assertThat(failed).hasSize(1);
            InferenceFailed event = failed.get(0).value();
            assertThat(event.getReason()).isEqualTo(FailureReason.INVALID_REQUEST);
            assertThat(event.getRequest()).isNull();
            assertThat(event.getMessage()).contains("groupName").contains("not copied");
            assertThat(harness.deadLetters()).isEmpty();
        }
    }

    @Test
    void givenRecordThatMakesProcessingThrow_deadLettersItWithTheStackTrace_andProcessingGoesOn() {
        SwitchableRegistry[] registry = new SwitchableRegistry[1];
        try (TopologyHarness harness = new TopologyHarness(TopologySettings.defaults(),
                mock -> registry[0] = new SwitchableRegistry(mock, true))) {
            registry[0].poison(4242);
            byte[] poisoned = ByteBuffer.allocate(WireFormat.HEADER_LENGTH + 1).put(WireFormat.header(4242)).put((byte) 0)
                    .array();
            harness.sendRaw(bytes("poison"), poisoned);
            harness.sendRaw(bytes("poison"), poisoned);
            harness.send(Requests.live("after").build());
            harness.advance(Duration.ofSeconds(10));

            List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
            assertThat(letters).hasSize(2);
            assertThat(header(letters.get(0), DeadLetterHandler.EXCEPTION)).isEqualTo(IllegalStateException.class.getName());
            assertThat(header(letters.get(0), DeadLetterHandler.STACKTRACE)).contains("SwitchableRegistry.schemaById");
            assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("after");
        }
    }

    private static TopologySettings.Limits limitsWithMaxEventBytes(int maxEventBytes) {
        return TopologySettings.Limits.defaults().withMaxEventBytes(maxEventBytes);
    }
}
