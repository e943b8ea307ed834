package dev.inferstream.harness.bench;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerializer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The scale bench's requests: pending ones for a model whose jobs never finish, and the live trickle
 * for a fast model. Thread-safe, as its producer is: the trickle sends from a timer thread.
 */
final class ScaleRequests implements AutoCloseable {

    private static final String PENDING_PREFIX = "pending-";

    private final KafkaProducer<String, InferenceRequested> producer;
    private final String topic;

    ScaleRequests(String bootstrapServers, Map<String, String> serdeConfig, String topic) {
        SpecificAvroSerializer<InferenceRequested> values = new SpecificAvroSerializer<>();
        values.configure(serdeConfig, false);
        // Larger batches than the default keep a million requests from being bound by the producer.
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 10,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), values);
        this.topic = topic;
    }

    static String pendingId(int index) {
        return PENDING_PREFIX + index;
    }

    /** Pending requests {@code from} (inclusive) to {@code to} (exclusive); returns once all are acknowledged. */
    void pending(int from, int to, String model, int timeoutSeconds) {
        for (int i = from; i < to; i++) {
            send(pendingId(i), model, timeoutSeconds);
        }
        producer.flush();
    }

    /** One live request, sent without waiting for its acknowledgement. */
    void live(String requestId, String model, int timeoutSeconds) {
        send(requestId, model, timeoutSeconds);
    }

    void flush() {
        producer.flush();
    }

    private void send(String requestId, String model, int timeoutSeconds) {
        InferenceRequested request = InferenceRequested.newBuilder().setRequestId(requestId).setGroupName("bench")
                .setProjectIdentifier(Requests.PROJECT).setModelIdentifier(model)
                .setSourceIds(List.of(1L + Math.floorMod(requestId.hashCode(), 1_000_000)))
                .setOutputLayerIdentifier(Requests.LAYER).setTimeoutSeconds(timeoutSeconds)
                .setPriority(Priority.LIVE).build();
        producer.send(new ProducerRecord<>(topic, requestId, request));
    }

    @Override
    public void close() {
        producer.close();
    }
}
