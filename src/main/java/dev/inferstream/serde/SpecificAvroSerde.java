package dev.inferstream.serde;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Kafka Streams serde for generated Avro classes in the Confluent wire format; configured with
 * Confluent's names, so switching to Confluent's {@code io.confluent.kafka.streams.serdes.avro.SpecificAvroSerde}
 * is a dependency and import change only.
 */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** For Kafka's reflective construction; {@link #configure} must follow. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    /** Reads into {@code readerClass} whatever schema version wrote the record; {@link #configure} must follow. */
    public SpecificAvroSerde(Class<T> readerClass) {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>(readerClass);
    }

    /** Usable at once as a value serde against the given registry. */
    public SpecificAvroSerde(SchemaRegistryClient client) {
        this.serializer = new SpecificAvroSerializer<>(client);
        this.deserializer = new SpecificAvroDeserializer<>(client);
    }

    /** Usable at once as a value serde against the given registry, reading into {@code readerClass}. */
    public SpecificAvroSerde(SchemaRegistryClient client, Class<T> readerClass) {
        this.serializer = new SpecificAvroSerializer<>(client);
        this.deserializer = new SpecificAvroDeserializer<>(client, readerClass);
    }

    /** Forces {@code specific.avro.reader=true}, as Confluent's specific serde does. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        Map<String, Object> specific = new HashMap<>(configs);
        specific.put(AvroSerdeConfig.SPECIFIC_AVRO_READER, true);
        serializer.configure(specific, isKey);
        deserializer.configure(specific, isKey);
    }

    @Override
    public SpecificAvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public SpecificAvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
