package dev.inferstream.harness.bench;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.topology.TopologySettings;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Topic names of the systems built on Inferstream's topology, and the job id their terminal events carry. */
final class InferstreamEvents {

    private final SpecificAvroSerde<InferenceCompleted> completed = new SpecificAvroSerde<>(InferenceCompleted.class);
    private final SpecificAvroSerde<InferenceFailed> failed = new SpecificAvroSerde<>(InferenceFailed.class);

    InferstreamEvents(Map<String, String> serdeConfig) {
        completed.configure(serdeConfig, false);
        failed.configure(serdeConfig, false);
    }

    static TopologySettings.Topics topics(String input) {
        return new TopologySettings.Topics(input, input + "-completed", input + "-failed", input + "-dlq");
    }

    static List<String> outputs(String input) {
        TopologySettings.Topics topics = topics(input);
        return List.of(topics.completed(), topics.failed());
    }

    OptionalLong jobIdOf(ConsumerRecord<String, byte[]> record) {
        if (record.topic().endsWith("-completed")) {
            return OptionalLong.of(completed.deserializer().deserialize(record.topic(), record.value()).getInferenceJobId());
        }
        Long jobId = failed.deserializer().deserialize(record.topic(), record.value()).getInferenceJobId();
        return jobId == null ? OptionalLong.empty() : OptionalLong.of(jobId);
    }
}
