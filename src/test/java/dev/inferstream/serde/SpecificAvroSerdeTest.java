package dev.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.state.JobState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SpecificAvroSerdeTest {

    private static final String TOPIC = "inference-requested";
    private static final String SUBJECT = "inference-requested-value";

    private final String scope = "serde-test-" + UUID.randomUUID();
    private final MockSchemaRegistryClient registry = MockSchemaRegistry.clientForScope(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void serialize_writesMagicByteSchemaIdAndPlainAvroBinary() throws IOException {
        registry.register("some-other-topic-value", InferenceCompleted.getClassSchema());
        InferenceRequested record = Records.requested("r-1");

        byte[] bytes = new SpecificAvroSerializer<InferenceRequested>(registry).serialize(TOPIC, record);

        int id = registry.idOf(SUBJECT, InferenceRequested.getClassSchema());
        assertThat(id).isEqualTo(2);
        assertThat(Arrays.copyOfRange(bytes, 0, 5)).containsExactly(0, 0, 0, 0, 2);
        assertThat(Arrays.copyOfRange(bytes, 5, bytes.length)).isEqualTo(avroBinary(record));
    }

    @Test
    void roundTrip_inferenceRequested() {
        assertRoundTrips("inference-requested", Records.requested("r-1"));
    }

    @Test
    void roundTrip_inferenceCompleted() {
        assertRoundTrips("inference-completed", Records.completed("r-2"));
    }

    @Test
    void roundTrip_inferenceFailed() {
        assertRoundTrips("inference-failed", Records.failed("r-3"));
    }

    @Test
    void roundTrip_jobState() {
        assertRoundTrips("inferstream-jobs-changelog", Records.jobState("r-4"));
    }

    @Test
    void givenNoReaderClass_findsTheGeneratedClassFromTheWriterSchemaName() {
        byte[] bytes = new SpecificAvroSerializer<InferenceFailed>(registry).serialize("inference-failed", Records.failed("r-5"));

        SpecificRecord decoded = new SpecificAvroDeserializer<>(registry).deserialize("inference-failed", bytes);

        assertThat(decoded).isInstanceOf(InferenceFailed.class).isEqualTo(Records.failed("r-5"));
    }

    @Test
    void nullIsATombstone_inBothDirections() {
        SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(registry, InferenceRequested.class);

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
    }

    @Test
    void givenOldWriterSchema_decodesIntoTheCurrentClassWithDefaults() throws IOException {
        Schema v1 = schemaFromResource("/schemas/v1/InferenceRequested.avsc");
        GenericRecord old = new GenericRecordBuilder(v1)
                .set("requestId", "r-old")
                .set("groupName", "acme")
                .set("projectIdentifier", "contracts")
                .set("modelIdentifier", "clause-tagger")
                .set("sourceIds", List.of(1L, 2L))
                .set("outputLayerIdentifier", 77L)
                .build();
        byte[] bytes = confluentBytes(registry.register(SUBJECT, v1), v1, old);

        InferenceRequested decoded = new SpecificAvroSerde<>(registry, InferenceRequested.class)
                .deserializer().deserialize(TOPIC, bytes);

        assertThat(decoded.getRequestId()).isEqualTo("r-old");
        assertThat(decoded.getSourceIds()).containsExactly(1L, 2L);
        assertThat(decoded.getOutputLayerIdentifier()).isEqualTo(77L);
        assertThat(decoded.getPriority()).isEqualTo(Priority.LIVE);
        assertThat(decoded.getAttributes()).isEmpty();
        assertThat(decoded.getTimeoutSeconds()).isNull();
        assertThat(decoded.getReplayOf()).isNull();
    }

    @Test
    void givenNewerWriterSchemaWithAnExtraField_decodesIntoTheCurrentClass() throws IOException {
        Schema newer = withExtraField(InferenceRequested.getClassSchema());
        InferenceRequested expected = Records.requested("r-new");
        GenericRecordBuilder builder = new GenericRecordBuilder(newer);
        for (Schema.Field field : InferenceRequested.getClassSchema().getFields()) {
            builder.set(field.name(), expected.get(field.name()));
        }
        builder.set("priority", new GenericData.EnumSymbol(newer.getField("priority").schema(), "BACKFILL"));
        builder.set("tenant", "tenant-9");
        byte[] bytes = confluentBytes(registry.register(SUBJECT, newer), newer, builder.build());

        InferenceRequested decoded = new SpecificAvroDeserializer<>(registry, InferenceRequested.class)
                .deserialize(TOPIC, bytes);

        assertThat(decoded).isEqualTo(expected);
    }

    @Test
    void givenUnknownMagicByte_throwsSerializationExceptionNamingTheByte() {
        SpecificAvroDeserializer<InferenceRequested> deserializer = new SpecificAvroDeserializer<>(registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0x2a, 0, 0, 0, 1, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("first byte was 0x2a");
    }

    @Test
    void givenPayloadShorterThanFiveBytes_throwsSerializationException() {
        SpecificAvroDeserializer<InferenceRequested> deserializer = new SpecificAvroDeserializer<>(registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("shorter than the 5-byte");
    }

    @Test
    void givenUnknownSchemaId_throwsSerializationExceptionNamingTheIdAndTheRegistry() {
        SpecificAvroDeserializer<InferenceRequested> deserializer = new SpecificAvroDeserializer<>(registry);

        assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[] {0, 0, 0, 3, (byte) 0xe7, 2}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 999 not found")
                .hasMessageContaining("mock://" + scope);
    }

    @Test
    void givenTruncatedAvroBody_throwsSerializationExceptionSayingItEndedEarly() {
        byte[] bytes = new SpecificAvroSerializer<InferenceRequested>(registry).serialize(TOPIC, Records.requested("r-long-id"));
        byte[] truncated = Arrays.copyOf(bytes, WireFormat.HEADER_LENGTH + 3);

        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(registry).deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("ended early")
                .hasMessageContaining("truncated");
    }

    @Test
    void givenWriterSchemaTheReaderClassCannotRead_throwsSerializationExceptionNamingBoth() {
        byte[] bytes = new SpecificAvroSerializer<InferenceFailed>(registry).serialize(TOPIC, Records.failed("r-6"));

        assertThatThrownBy(() -> new SpecificAvroDeserializer<>(registry, InferenceRequested.class).deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("dev.inferstream.events.InferenceFailed")
                .hasMessageContaining("cannot be read as dev.inferstream.events.InferenceRequested");
    }

    @Test
    void givenRecordMissingARequiredField_throwsSerializationExceptionNamingTheField() {
        InferenceRequested incomplete = Records.requested("r-7");
        incomplete.setGroupName(null);

        assertThatThrownBy(() -> new SpecificAvroSerializer<InferenceRequested>(registry).serialize(TOPIC, incomplete))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("groupName");
    }

    @Test
    void givenAutoRegisterOff_andSubjectUnknown_throwsSerializationExceptionSayingHowToFix() {
        SpecificAvroSerde<InferenceRequested> serde = configuredSerde(Map.of("auto.register.schemas", false), false);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, Records.requested("r-8")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject '" + SUBJECT + "' not found")
                .hasMessageContaining("auto.register.schemas=true");
    }

    @Test
    void givenAutoRegisterOff_andSchemaRegistered_usesItsIdWithoutRegisteringAnotherVersion() {
        int id = registry.register(SUBJECT, InferenceRequested.getClassSchema());
        SpecificAvroSerde<InferenceRequested> serde = configuredSerde(Map.of("auto.register.schemas", "false"), false);

        byte[] bytes = serde.serializer().serialize(TOPIC, Records.requested("r-9"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
        assertThat(registry.latest(SUBJECT).version()).isEqualTo(1);
    }

    @Test
    void givenUseLatestVersion_writesWithTheLatestIdWhenItEncodesTheSame() {
        Schema sameButDocumentedDifferently = new Schema.Parser().parse(
                InferenceRequested.getClassSchema().toString().replace("Opaque correlation data", "Correlation data"));
        int latestId = registry.register(SUBJECT, sameButDocumentedDifferently);
        SpecificAvroSerde<InferenceRequested> serde = configuredSerde(
                Map.of("auto.register.schemas", false, "use.latest.version", true), false);

        byte[] bytes = serde.serializer().serialize(TOPIC, Records.requested("r-10"));

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(latestId);
        assertThat(serde.deserializer().deserialize(TOPIC, bytes)).isEqualTo(Records.requested("r-10"));
    }

    @Test
    void givenUseLatestVersion_andLatestEncodesDifferently_refusesToMislabelTheBytes() throws IOException {
        registry.register(SUBJECT, schemaFromResource("/schemas/v1/InferenceRequested.avsc"));
        SpecificAvroSerde<InferenceRequested> serde = configuredSerde(
                Map.of("auto.register.schemas", false, "use.latest.version", true), false);

        assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, Records.requested("r-11")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("version 1")
                .hasMessageContaining("use.latest.version=false");
    }

    @Test
    void asKeySerde_registersUnderTheKeySubject() {
        SpecificAvroSerde<InferenceRequested> serde = configuredSerde(Map.of(), true);

        byte[] bytes = serde.serializer().serialize(TOPIC, Records.requested("r-12"));

        assertThat(registry.latest(TOPIC + "-key").id()).isEqualTo(WireFormat.schemaId(bytes));
    }

    @Test
    void serdesConfiguredWithTheSameMockUrl_shareTheRegistry() {
        Map<String, Object> config = Map.of("schema.registry.url", "mock://" + scope);
        SpecificAvroSerde<InferenceCompleted> producerSide = new SpecificAvroSerde<>();
        producerSide.configure(config, false);
        SpecificAvroSerde<InferenceCompleted> consumerSide = new SpecificAvroSerde<>(InferenceCompleted.class);
        consumerSide.configure(config, false);

        byte[] bytes = producerSide.serializer().serialize("inference-completed", Records.completed("r-13"));

        assertThat(consumerSide.deserializer().deserialize("inference-completed", bytes))
                .isEqualTo(Records.completed("r-13"));
    }

    @Test
    void givenNoRegistryUrlAndNoClient_configureThrowsConfigException() {
        assertThatThrownBy(() -> new SpecificAvroSerde<InferenceRequested>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void oneSerdeSharedByManyThreads_roundTripsEveryRecord() throws Exception {
        SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(registry, InferenceRequested.class);
        List<Callable<List<String>>> workers = new ArrayList<>();
        for (int worker = 0; worker < 4; worker++) {
            String prefix = "w" + worker + "-";
            workers.add(() -> {
                List<String> mismatches = new ArrayList<>();
                for (int i = 0; i < 250; i++) {
                    InferenceRequested record = Records.requested(prefix + i);
                    InferenceRequested decoded = serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, record));
                    if (!record.equals(decoded)) {
                        mismatches.add(prefix + i);
                    }
                }
                return mismatches;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<String> mismatches = new ArrayList<>();
            for (Future<List<String>> result : pool.invokeAll(workers)) {
                mismatches.addAll(result.get());
            }
            assertThat(mismatches).isEmpty();
            assertThat(registry.latest(SUBJECT).version()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private <T extends SpecificRecord> void assertRoundTrips(String topic, T record) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) record.getClass();
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(registry, type);

        T decoded = serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, record));

        assertThat(decoded).isEqualTo(record).isNotSameAs(record);
    }

    private SpecificAvroSerde<InferenceRequested> configuredSerde(Map<String, Object> settings, boolean isKey) {
        SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);
        Map<String, Object> config = new HashMap<>(settings);
        config.put("schema.registry.url", "mock://" + scope);
        serde.configure(config, isKey);
        return serde;
    }

    private static byte[] avroBinary(InferenceRequested record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<InferenceRequested>(InferenceRequested.getClassSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] confluentBytes(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema schemaFromResource(String path) throws IOException {
        try (InputStream in = SpecificAvroSerdeTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new Schema.Parser().parse(in);
        }
    }

    private static Schema withExtraField(Schema current) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : current.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field("tenant", Schema.create(Schema.Type.STRING), "Added in a later version.", "default-tenant"));
        return Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false, fields);
    }
}
