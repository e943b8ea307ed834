package dev.inferstream.testkit;

import dev.inferstream.events.InferenceRequested;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Publishes requests as an upstream service does: keyed by requestId, the value in the registry's format. */
public final class RequestPublisher {

    private RequestPublisher() {}

    /** Sends one request and waits for the broker's acknowledgement. */
    public static void publish(KafkaProducer<byte[], byte[]> producer, String topic,
                               Serializer<InferenceRequested> serializer, InferenceRequested request) {
        String id = request.getRequestId();
        try {
            producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, request))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing " + id, e);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish " + id, e);
        }
    }
}
