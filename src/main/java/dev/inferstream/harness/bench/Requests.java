package dev.inferstream.harness.bench;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerializer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Produces the bench's requests, cycling through the models so each gets an equal share. */
final class Requests implements AutoCloseable {

    static final String PROJECT = "demo-project";
    static final String LAYER = "predictions";

    private final KafkaProducer<String, InferenceRequested> producer;
    private final List<BenchPlan.Model> models;

    Requests(String bootstrapServers, Map<String, String> serdeConfig, List<BenchPlan.Model> models) {
        SpecificAvroSerializer<InferenceRequested> values = new SpecificAvroSerializer<>();
        values.configure(serdeConfig, false);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), values);
        this.models = List.copyOf(models);
    }

    /** Produces {@code count} requests named {@code prefix + i} at once, and returns when all are acknowledged. */
    void burst(String topic, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            send(topic, prefix, i);
        }
        producer.flush();
    }

    /** Produces {@code count} requests evenly over {@code spread}, as steady traffic would arrive. */
    void spread(String topic, String prefix, int count, Duration spread) throws InterruptedException {
        long gapNanos = count == 0 ? 0 : spread.toNanos() / count;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * gapNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            send(topic, prefix, i);
            producer.flush();
        }
    }

    /** Hands request {@code prefix + i} to the producer without waiting for it to be acknowledged. */
    void offer(String topic, String prefix, int i) {
        send(topic, prefix, i);
    }

    /** Waits until everything handed to the producer is acknowledged. */
    void flush() {
        producer.flush();
    }

    /** The model request {@code i} asks for: they take turns. */
    BenchPlan.Model modelOf(int i) {
        return models.get(i % models.size());
    }

    private void send(String topic, String prefix, int i) {
        BenchPlan.Model model = modelOf(i);
        InferenceRequested request = InferenceRequested.newBuilder().setRequestId(prefix + i).setGroupName("bench")
                .setProjectIdentifier(PROJECT).setModelIdentifier(model.name()).setSourceIds(List.of(1L + i))
                .setOutputLayerIdentifier(LAYER).build();
        producer.send(new ProducerRecord<>(topic, request.getRequestId(), request));
    }

    @Override
    public void close() {
        producer.close();
    }
}
