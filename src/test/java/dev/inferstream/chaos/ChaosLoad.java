package dev.inferstream.chaos;

import dev.inferstream.testkit.Scenario;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The suite's traffic: distinct requests in slices, each slice followed by re-sends of earlier requests
 * (some still pending, some long ended) and by records no deserializer can read. Remembers what it sent
 * so the assertions know what to expect.
 */
final class ChaosLoad {

    private static final byte[] GARBAGE_KEY = "garbage".getBytes(StandardCharsets.UTF_8);

    private final Producer<byte[], byte[]> producer;
    private final SpecificAvroSerde<InferenceRequested> serde;
    private final String topic;
    private final Random random;
    private final Map<String, Scenario> distinct = new LinkedHashMap<>();
    private final List<byte[]> garbage = new ArrayList<>();
    private int duplicates;

    ChaosLoad(Producer<byte[], byte[]> producer, SpecificAvroSerde<InferenceRequested> serde, String topic,
              Random random) {
        this.producer = producer;
        this.serde = serde;
        this.topic = topic;
        this.random = random;
    }

    /**
     * Publishes requests {@code from} (inclusive) to {@code to} (exclusive), then {@code duplicateCount}
     * re-sends of random earlier valid requests and {@code garbageCount} undecodable records, and waits
     * until the broker has acknowledged them all.
     */
    void publishSlice(int from, int to, int duplicateCount, int garbageCount) throws InterruptedException {
        List<Future<?>> acks = new ArrayList<>();
        for (int n = from; n < to; n++) {
            String id = "chaos-" + n;
            Scenario scenario = Scenario.of(n);
            distinct.put(id, scenario);
            acks.add(send(id, scenario.request(id, n)));
        }
        List<Integer> valid = distinct.keySet().stream().map(id -> Integer.parseInt(id.substring(6)))
                .filter(n -> Scenario.of(n) != Scenario.INVALID).toList();
        for (int i = 0; i < duplicateCount; i++) {
            int n = valid.get(random.nextInt(valid.size()));
            acks.add(send("chaos-" + n, Scenario.of(n).request("chaos-" + n, n)));
            duplicates++;
        }
        for (int i = 0; i < garbageCount; i++) {
            byte[] value = undecodable(garbage.size());
            garbage.add(value);
            acks.add(producer.send(new ProducerRecord<>(topic, GARBAGE_KEY, value)));
        }
        producer.flush();
        for (Future<?> ack : acks) {
            try {
                ack.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("the broker did not take a chaos record", e);
            }
        }
    }

    /** Alternates text that is not Avro at all with the wire format pointing at a schema id nobody registered. */
    private static byte[] undecodable(int n) {
        if (n % 2 == 0) {
            return ("not avro #" + n).getBytes(StandardCharsets.UTF_8);
        }
        return new byte[] {0, 0, 0, 0x7f, 0x7f, (byte) (n >>> 8), (byte) n, 3};
    }

    private Future<?> send(String id, InferenceRequested request) {
        return producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                serde.serializer().serialize(topic, request)));
    }

    Map<String, Scenario> distinct() {
        return Map.copyOf(distinct);
    }

    List<byte[]> garbage() {
        return List.copyOf(garbage);
    }

    int duplicates() {
        return duplicates;
    }
}
