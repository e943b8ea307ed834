package dev.inferstream.topology;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the three contract topics. */
public record EventSerdes(Serde<InferenceRequested> requested, Serde<InferenceCompleted> completed,
                          Serde<InferenceFailed> failed) {

    /** Confluent-format Avro serdes configured with Confluent's names ({@code schema.registry.url}, ...). */
    public static EventSerdes confluentAvro(Map<String, ?> serdeConfig) {
        return new EventSerdes(valueSerde(InferenceRequested.class, serdeConfig),
                valueSerde(InferenceCompleted.class, serdeConfig), valueSerde(InferenceFailed.class, serdeConfig));
    }

    private static <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type, Map<String, ?> serdeConfig) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }
}
