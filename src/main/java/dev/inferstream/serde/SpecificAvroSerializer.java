package dev.inferstream.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes generated Avro records in the Confluent wire format, registering or looking up their schema
 * under the topic's subject. A drop-in for Confluent's {@code KafkaAvroSerializer} with specific records:
 * same config names, same bytes. Thread-safe; one instance may serve all stream threads.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Optional<SchemaRegistryClient> injectedClient;
    private volatile Settings settings;
    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> latestIds = new ConcurrentHashMap<>();

    private record Settings(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {}

    private record SubjectSchema(String subject, Schema schema) {}

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public SpecificAvroSerializer() {
        this.injectedClient = Optional.empty();
    }

    /** Usable at once as a value serializer with default settings; {@link #configure} may still adjust them. */
    public SpecificAvroSerializer(SchemaRegistryClient client) {
        this.injectedClient = Optional.of(client);
        this.settings = new Settings(client, AvroSerdeConfig.withoutRequiredUrl(Map.of()), false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = injectedClient.isPresent()
                ? AvroSerdeConfig.withoutRequiredUrl(configs)
                : AvroSerdeConfig.from(configs);
        SchemaRegistryClient client = injectedClient.orElseGet(() -> SchemaRegistryClientFactory.create(config));
        latestIds.clear();
        settings = new Settings(client, config, isKey);
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null;
        }
        Settings current = settings();
        Schema schema = record.getSchema();
        String subject = TopicNameStrategy.subjectName(topic, current.isKey());
        int id = schemaId(current, subject, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(WireFormat.header(id));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            // Avro reports a missing required field as a NullPointerException naming the field; keep its message.
            throw new SerializationException("could not encode a " + schema.getFullName() + " for topic '" + topic
                    + "' (" + e + "): set every required field, and give union fields a value of one of their types", e);
        }
        return out.toByteArray();
    }

    /**
     * The id records of {@code schema} are written to {@code topic} with, resolved now (registered or
     * looked up as {@link #serialize} would) and remembered, so later writes need no registry.
     *
     * @throws RegistryUnavailableException when the registry cannot be asked now
     */
    public int schemaIdFor(String topic, Schema schema) {
        Settings current = settings();
        return schemaId(current, TopicNameStrategy.subjectName(topic, current.isKey()), schema);
    }

    // Same precedence as Confluent: auto-registration wins, then the latest version, then an exact lookup.
    private int schemaId(Settings current, String subject, Schema schema) {
        if (current.config().autoRegisterSchemas()) {
            return current.client().register(subject, schema);
        }
        if (current.config().useLatestVersion()) {
            return latestId(current.client(), subject, schema);
        }
        return current.client().idOf(subject, schema);
    }

    /**
     * The latest version's id, cached for this serializer's life as Confluent does by default. The
     * record is written with its own schema, so the latest version must encode identically (same
     * parsing canonical form); anything else would label bytes with a schema that cannot read them.
     */
    private int latestId(SchemaRegistryClient client, String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = latestIds.get(key);
        if (cached != null) {
            return cached;
        }
        RegisteredSchema latest = client.latest(subject);
        if (SchemaNormalization.parsingFingerprint64(latest.schema()) != SchemaNormalization.parsingFingerprint64(schema)) {
            throw new SerializationException("the latest version of subject '" + subject + "' (version "
                    + latest.version() + ", id " + latest.id() + ") does not encode like the record's schema "
                    + schema.getFullName() + ": register the record's schema as the latest version, or set "
                    + AvroSerdeConfig.USE_LATEST_VERSION + "=false");
        }
        latestIds.put(key, latest.id());
        return latest.id();
    }

    private DatumWriter<T> writer(Schema schema) {
        return writers.computeIfAbsent(schema, SpecificDatumWriter::new);
    }

    private Settings settings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure(...): configure it with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + ", or construct it with a SchemaRegistryClient");
        }
        return current;
    }

    /** The registry client may be shared (mock scopes, other serdes), so closing leaves it alone. */
    @Override
    public void close() {
        writers.clear();
    }
}
