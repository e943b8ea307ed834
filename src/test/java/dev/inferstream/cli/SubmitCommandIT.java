package dev.inferstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.EmbeddedSchemaRegistry;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.events.ExportContents;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.testkit.TopicReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code inferstream submit} against a real broker; the records must read back with the project's own serde. */
class SubmitCommandIT {

    private static final String TOPIC = "submit-it-requests";
    private static EmbeddedKafkaBroker broker;
    private static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of(TOPIC, 1));
        registry = EmbeddedSchemaRegistry.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
        registry.close();
    }

    @Test
    void submit_publishesOneRequestKeyedByItsId_thatTheAvroSerdeReadsBack() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = new CommandLine(out);

        int first = commandLine.execute("submit", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", registry.url(), "--topic", TOPIC,
                "--request-id", "order-42", "--group", "acme", "--project", "demo-project", "--model", "12",
                "--source-id", "5", "--source-id", "6", "--output-layer", "42", "--timeout", "600",
                "--priority", "BACKFILL", "--attribute", "order=42", "--attribute", "team=search",
                "--export", "--export-include", "schemas, textBounds");
        int second = commandLine.execute("submit", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", registry.url(), "--topic", TOPIC,
                "--group", "acme", "--project", "7", "--model", "fast-model", "--source-id", "9",
                "--output-layer", "predictions");

        assertThat(first).as(out.toString()).isZero();
        assertThat(second).as(out.toString()).isZero();
        assertThat(out.toString()).contains("sent order-42 to " + TOPIC + " partition 0 offset 0:",
                "\"modelIdentifier\": \"12\"");

        List<ConsumerRecord<String, InferenceRequested>> records = readBack(2);
        InferenceRequested explicit = records.get(0).value();
        assertThat(records.get(0).key()).isEqualTo("order-42");
        assertThat(explicit.getRequestId()).isEqualTo("order-42");
        assertThat(explicit.getGroupName()).isEqualTo("acme");
        assertThat(explicit.getProjectIdentifier()).isEqualTo("demo-project");
        assertThat(explicit.getModelIdentifier()).isEqualTo("12");
        assertThat(explicit.getSourceIds()).containsExactly(5L, 6L);
        assertThat(explicit.getOutputLayerIdentifier()).isEqualTo(42L);
        assertThat(explicit.getTimeoutSeconds()).isEqualTo(600);
        assertThat(explicit.getPriority()).isEqualTo(Priority.BACKFILL);
        assertThat(explicit.getAttributes()).containsOnly(Map.entry("order", "42"), Map.entry("team", "search"));
        assertThat(explicit.getExportResults()).isTrue();
        assertThat(explicit.getExportContents()).isEqualTo(new ExportContents(true, false, true));

        InferenceRequested defaults = records.get(1).value();
        assertThat(records.get(1).key()).isEqualTo(defaults.getRequestId());
        assertThat(UUID.fromString(defaults.getRequestId())).isNotNull();
        assertThat(defaults.getOutputLayerIdentifier()).isEqualTo("predictions");
        assertThat(defaults.getTimeoutSeconds()).isNull();
        assertThat(defaults.getPriority()).isEqualTo(Priority.LIVE);
        assertThat(defaults.getAttributes()).isEmpty();
        assertThat(defaults.getExportResults()).as("the service decides").isNull();
        assertThat(defaults.getExportContents()).isNull();
    }

    @Test
    void submit_toATopicThatDoesNotExist_exits1_namingTheTopic_notAMetadataTimeout() {
        StringWriter out = new StringWriter();

        int status = new CommandLine(out).execute("submit", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", registry.url(), "--topic", "no-such-topic",
                "--group", "g", "--project", "p", "--model", "m", "--source-id", "1", "--output-layer", "l");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("inferstream submit: topic no-such-topic not found at "
                + broker.bootstrapServers()).doesNotContain("not present in metadata");
    }

    @Test
    void submit_toARegistryThatIsDown_exits1_sayingWhichFlagToCheck_withoutANullOrAPropertyName() throws IOException {
        StringWriter out = new StringWriter();
        String deadRegistry = "http://127.0.0.1:" + FreePorts.pick(1)[0];

        int status = new CommandLine(out).execute("submit", "--bootstrap-servers", broker.bootstrapServers(),
                "--schema-registry-url", deadRegistry, "--topic", TOPIC,
                "--group", "g", "--project", "p", "--model", "m", "--source-id", "1", "--output-layer", "l");

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("schema registry unreachable, tried " + deadRegistry,
                "--schema-registry-url (or SCHEMA_REGISTRY_URL) is right").doesNotContain(": null",
                "schema.registry.url", "\tat ");
    }

    private static List<ConsumerRecord<String, InferenceRequested>> readBack(int count) {
        SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);
        serde.configure(Map.of("schema.registry.url", registry.url()), false);
        try (TopicReader<String, InferenceRequested> reader = TopicReader.of(broker.bootstrapServers(), List.of(TOPIC),
                IsolationLevel.READ_COMMITTED, new StringDeserializer(), serde.deserializer())) {
            return reader.awaitUntil("the submitted records", Duration.ofSeconds(60), read -> read.size() >= count);
        }
    }

    /** The real command tree writing to a buffer, as a user's terminal would show it. */
    private record CommandLine(StringWriter out) {
        int execute(String... args) {
            picocli.CommandLine commandLine = Main.commandLine(Map.of());
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(out, true));
            return commandLine.execute(args);
        }
    }
}
