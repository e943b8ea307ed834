package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.serde.WireFormat;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A schema registry that does not answer delays records; it never makes them dead letters. */
class RegistryOutageTest {

    private SwitchableRegistry registry;
    private TopologyHarness harness;
    private final ListAppender<ILoggingEvent> healthLog = new ListAppender<>();

    @BeforeEach
    void start() {
        harness = new TopologyHarness(TopologySettings.defaults(), mock -> registry = new SwitchableRegistry(mock, false));
        healthLog.start();
        ((Logger) LoggerFactory.getLogger(RegistryHealth.class)).addAppender(healthLog);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(RegistryHealth.class)).detachAppender(healthLog);
        harness.close();
    }

    @Test
    void givenRegistryUnreachable_validRequestsAreHeldNotDeadLettered_andEachEndsOnceItAnswers() {
        for (int i = 0; i < 5; i++) {
            harness.sendRaw(bytes("r-" + i), harness.encode(Requests.live("r-" + i).build()));
        }
        harness.advance(Duration.ofSeconds(20));

        assertThat(harness.deadLetters()).isEmpty();
        assertThat(harness.failed()).isEmpty();
        assertThat(harness.api.calls()).isEmpty();
        assertThat(harness.services.registry().heldRecords()).isEqualTo(5);
        assertThat(harness.services.registry().unavailableReason(harness.now())).get().asString()
                .contains("schema registry").contains("5 record(s) are held");
        int callsWhileDown = registry.callsWhileDown();
        assertThat(callsWhileDown).as("paced: 1 s doubling to 30 s, not one call per record or tick").isLessThan(8);

        registry.answering(true);
        harness.advance(Duration.ofSeconds(40));

        assertThat(harness.services.registry().heldRecords()).isZero();
        assertThat(harness.services.registry().isAvailable()).isTrue();
        assertThat(harness.completed()).extracting(TestRecord::key)
                .containsExactlyInAnyOrder("r-0", "r-1", "r-2", "r-3", "r-4");
        assertThat(harness.deadLetters()).isEmpty();
        assertThat(healthLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .as("one line when it stops answering, one when it answers again")
                .hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("schema registry unavailable"))
                .anySatisfy(line -> assertThat(line).contains("answers again").contains("5 held"));
    }

    @Test
    void givenRecordsHeld_laterRecordsWaitBehindThem_andAreTakenInArrivalOrder() {
        harness.sendRaw(bytes("dup"), harness.encode(Requests.live("dup").setSourceIds(List.of()).build()));
        harness.advance(Duration.ofSeconds(1));
        registry.answering(true);
        // Sent after the registry is back, but behind a held record of the same key: it must not overtake it.
        harness.sendRaw(bytes("dup"), harness.encode(Requests.live("dup").build()));
        harness.advance(Duration.ofSeconds(40));

        List<TestRecord<String, InferenceFailed>> failed = harness.failed();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).value().getMessage()).contains("sourceIds");
        assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("dup");
    }

    @Test
    void givenRegistryUnreachable_recordsThatCanNeverBeReadStillBecomeDeadLettersInTheirTurn() {
        harness.sendRaw(bytes("ok"), harness.encode(Requests.live("ok").build()));
        harness.sendRaw(bytes("text"), "not avro".getBytes(StandardCharsets.UTF_8));
        harness.advance(Duration.ofSeconds(5));
        assertThat(harness.deadLetters()).isEmpty();

        registry.answering(true);
        harness.advance(Duration.ofSeconds(40));

        assertThat(harness.completed()).extracting(TestRecord::key).containsExactly("ok");
        List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("text");
        assertThat(header(letters.get(0), DeadLetterHandler.MESSAGE)).contains("not Confluent Avro wire format");
        assertThat(header(letters.get(0), DeadLetterHandler.OFFSET)).isEqualTo("1");
    }

    @Test
    void givenUnknownSchemaIdWhileRegistryAnswers_isDeadLetteredAtOnce() {
        registry.answering(true);
        byte[] unknownId = WireFormat.header(999_999);
        harness.sendRaw(bytes("unknown"), unknownId);
        harness.advance(Duration.ofSeconds(1));

        List<TestRecord<byte[], byte[]>> letters = harness.deadLetters();
        assertThat(letters).hasSize(1);
        assertThat(header(letters.get(0), DeadLetterHandler.MESSAGE)).contains("schema id 999999 not found");
        assertThat(harness.services.registry().isAvailable()).isTrue();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
