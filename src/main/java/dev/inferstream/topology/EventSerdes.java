package dev.inferstream.topology;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.DecodeResult;
import dev.inferstream.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Value serdes of the three contract topics. */
public record EventSerdes(SpecificAvroSerde<InferenceRequested> requested, SpecificAvroSerde<InferenceCompleted> completed,
                          SpecificAvroSerde<InferenceFailed> failed) {

    /** Confluent-format Avro serdes configured with Confluent's names ({@code schema.registry.url}, ...). */
    public static EventSerdes confluentAvro(Map<String, ?> serdeConfig) {
        return new EventSerdes(valueSerde(InferenceRequested.class, serdeConfig),
                valueSerde(InferenceCompleted.class, serdeConfig), valueSerde(InferenceFailed.class, serdeConfig));
    }

    /** One request's value, with the registry's failures apart from the record's. */
    DecodeResult<InferenceRequested> decodeRequest(String topic, byte[] value) {
        return requested.deserializer().decode(topic, value);
    }

    /**
     * Resolves the ids the result events are written with, so that writing one never needs the registry.
     *
     * @throws dev.inferstream.serde.RegistryUnavailableException when the registry cannot be asked now
     */
    void resolveResultSchemas(TopologySettings.Topics topics) {
        completed.serializer().schemaIdFor(topics.completed(), InferenceCompleted.getClassSchema());
        failed.serializer().schemaIdFor(topics.failed(), InferenceFailed.getClassSchema());
    }

    private static <T extends SpecificRecord> SpecificAvroSerde<T> valueSerde(Class<T> type, Map<String, ?> serdeConfig) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }
}
