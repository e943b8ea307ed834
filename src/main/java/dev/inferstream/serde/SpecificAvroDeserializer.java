package dev.inferstream.serde;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityResult;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format Avro into generated classes. Each record is decoded with the schema it
 * was written with (fetched by the id in its header) and resolved into the reader class's schema, so
 * records from older and newer producers both decode. Thread-safe; one instance may serve all stream
 * threads.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Optional<SchemaRegistryClient> injectedClient;
    private final Optional<Schema> readerSchema;
    private volatile SchemaRegistryClient client;
    // The reader schema follows from the writer's, so the schema id alone identifies the schema pair.
    private final Map<Integer, DatumReader<T>> readersBySchemaId = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; the reader class follows from each writer schema's full name. */
    public SpecificAvroDeserializer() {
        this(Optional.empty(), Optional.empty());
    }

    public SpecificAvroDeserializer(Class<T> readerClass) {
        this(Optional.empty(), Optional.of(readerClass));
    }

    /** Usable at once, without {@link #configure}. */
    public SpecificAvroDeserializer(SchemaRegistryClient client) {
        this(Optional.of(client), Optional.empty());
    }

    /** Usable at once, without {@link #configure}. */
    public SpecificAvroDeserializer(SchemaRegistryClient client, Class<T> readerClass) {
        this(Optional.of(client), Optional.of(readerClass));
    }

    private SpecificAvroDeserializer(Optional<SchemaRegistryClient> client, Optional<Class<T>> readerClass) {
        this.injectedClient = client;
        this.client = client.orElse(null);
        this.readerSchema = readerClass.map(SpecificData.get()::getSchema);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = injectedClient.isPresent()
                ? AvroSerdeConfig.withoutRequiredUrl(configs)
                : AvroSerdeConfig.from(configs);
        if (!config.specificAvroReader()) {
            throw new ConfigException(AvroSerdeConfig.SPECIFIC_AVRO_READER, false,
                    "this deserializer only produces generated (specific) classes; remove the setting");
        }
        readersBySchemaId.clear();
        client = injectedClient.orElseGet(() -> SchemaRegistryClientFactory.create(config));
    }

    /**
     * Reads one value and says whether a failure is the record's or the registry's; never throws for
     * either. {@link #deserialize} throws both as exceptions, as Kafka's interface wants. A record without
     * a value (a tombstone) has nothing to decode, so {@code data} must not be null.
     */
    public DecodeResult<T> decode(String topic, byte[] data) {
        Objects.requireNonNull(data, "data");
        try {
            return new DecodeResult.Decoded<>(deserialize(topic, data));
        } catch (RegistryUnavailableException e) {
            return new DecodeResult.RegistryUnavailable<>(e.getMessage());
        } catch (SerializationException e) {
            return new DecodeResult.Undecodable<>(e.getMessage());
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int schemaId = WireFormat.schemaId(data);
        DatumReader<T> reader = reader(schemaId);
        try {
            return reader.read(null, DecoderFactory.get().binaryDecoder(
                    data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null));
        } catch (EOFException e) {
            throw new SerializationException("Avro body of a record on topic '" + topic + "' (schema id " + schemaId
                    + ") ended early after " + (data.length - WireFormat.HEADER_LENGTH) + " byte(s): the payload is "
                    + "truncated; check the producer and anything that rewrites the bytes on the way", e);
        } catch (SecurityException e) {
            throw new SerializationException("Avro refused to instantiate a class for schema id " + schemaId + " ("
                    + e.getMessage() + "): add its package to the system property " + AvroTrust.PROPERTY
                    + " before Avro loads (AvroTrust.install())", e);
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("could not decode a record on topic '" + topic + "' with schema id "
                    + schemaId + " (" + e + "): the payload is corrupt or does not match the schema its header names", e);
        }
    }

    private DatumReader<T> reader(int schemaId) {
        DatumReader<T> cached = readersBySchemaId.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema writer = client().schemaById(schemaId);
        Schema reader = readerSchema.orElseGet(() -> generatedSchemaFor(writer));
        requireResolvable(schemaId, writer, reader);
        DatumReader<T> created = new SpecificDatumReader<>(writer, reader);
        readersBySchemaId.putIfAbsent(schemaId, created);
        return created;
    }

    /** Like Confluent's {@code specific.avro.reader=true}: the generated class named by the writer schema. */
    private static Schema generatedSchemaFor(Schema writer) {
        Class<?> generated = SpecificData.get().getClass(writer);
        if (generated == null || !SpecificRecord.class.isAssignableFrom(generated)) {
            throw new SerializationException("no generated Avro class " + writer.getFullName() + " on the classpath "
                    + "for the writer's schema: generate it from the .avsc, or construct the deserializer with the "
                    + "reader class");
        }
        return SpecificData.get().getSchema(generated);
    }

    // Checked once per schema id, so an impossible pairing fails with Avro's explanation rather than mid-record.
    private static void requireResolvable(int schemaId, Schema writer, Schema reader) {
        SchemaCompatibilityResult result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String problems = result.getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            throw new SerializationException("schema id " + schemaId + " (" + writer.getFullName() + ") cannot be "
                    + "read as " + reader.getFullName() + " (" + problems + "): the writer's schema is not compatible "
                    + "with the reader class; deserialize with a matching class or evolve the schema compatibly");
        }
    }

    private SchemaRegistryClient client() {
        SchemaRegistryClient current = client;
        if (current == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure(...): configure it with "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL + ", or construct it with a SchemaRegistryClient");
        }
        return current;
    }

    /** The registry client may be shared (mock scopes, other serdes), so closing leaves it alone. */
    @Override
    public void close() {
        readersBySchemaId.clear();
    }
}
