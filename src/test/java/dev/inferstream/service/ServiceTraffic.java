package dev.inferstream.service;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A service started the way {@code run} starts it, against a {@link Stack}, and the requests the tests
 * publish to it: the environment, and a producer of {@code inference-requested} records.
 */
final class ServiceTraffic implements AutoCloseable {

    private final Stack stack;
    private final KafkaProducer<byte[], byte[]> producer;
    private final SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);

    ServiceTraffic(Stack stack) {
        this.stack = stack;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        serde.configure(stack.serdeConfig(), false);
    }

    /** {@code run}'s variables for this stack with quick polling, a free ops port and {@code changes} on top. */
    InferstreamConfig config(String applicationId, Path stateDir, Map<String, String> changes) {
        Map<String, String> environment = new LinkedHashMap<>(stack.serviceEnvironment());
        environment.put(EnvNames.APPLICATION_ID, applicationId);
        environment.put(EnvNames.STATE_DIR, stateDir.toString());
        environment.put(EnvNames.ADVERTISED_HOST, "127.0.0.1");
        environment.put(EnvNames.HTTP_PORT, String.valueOf(FreePorts.pick(1)[0]));
        environment.put(EnvNames.POLL_INITIAL_DELAY_MILLIS, "300");
        environment.put(EnvNames.POLL_MAX_INTERVAL_SECONDS, "1");
        environment.putAll(changes);
        return InferstreamConfig.load(environment, Optional.empty());
    }

    static InferenceRequested request(String id, String model, int timeoutSeconds) {
        return InferenceRequested.newBuilder()
                .setRequestId(id)
                .setGroupName("acme")
                .setProjectIdentifier("demo-project")
                .setModelIdentifier(model)
                .setSourceIds(List.of(1_000L))
                .setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(timeoutSeconds)
                .setPriority(Priority.LIVE)
                .build();
    }

    /** Sends without waiting: for a steady flow of requests. */
    Future<RecordMetadata> send(InferenceRequested request) {
        String topic = stack.topics().requested();
        return producer.send(new ProducerRecord<>(topic, bytes(request.getRequestId()),
                serde.serializer().serialize(topic, request)));
    }

    /** Sends and waits until the broker has it. */
    void publish(InferenceRequested request) throws ExecutionException, InterruptedException {
        send(request).get();
    }

    /** A record that is not Avro at all: Streams sends it to the dead-letter topic. */
    void publishUndecodable(String key) throws ExecutionException, InterruptedException {
        producer.send(new ProducerRecord<>(stack.topics().requested(), bytes(key), bytes("not Avro"))).get();
    }

    void flush() {
        producer.flush();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close();
    }
}
