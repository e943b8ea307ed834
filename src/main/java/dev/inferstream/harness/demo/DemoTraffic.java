package dev.inferstream.harness.demo;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The demo's sample traffic: mostly requests that succeed, plus one of each way a request can go wrong
 * that the demo can show deterministically — an unknown model (REJECTED), a model that never finishes
 * (TIMED_OUT), a project without permission (UNAUTHORIZED), a duplicate and an undecodable record.
 * Every third successful request also asks for its results, so its completed event carries a download URL.
 */
final class DemoTraffic {

    /** The fewest requests that still hold one of each special case and a success. */
    static final int MIN_REQUESTS = 4;
    static final int DUPLICATES = 1;
    static final int UNDECODABLE = 1;
    private static final int TIMEOUT_SECONDS = 5;
    private static final int SUCCESS_TIMEOUT_SECONDS = 60;

    private DemoTraffic() {
    }

    /** {@code requests} distinct requests, each of which must end in exactly one terminal event. */
    static List<InferenceRequested> requests(int requests) {
        List<InferenceRequested> all = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            InferenceRequested.Builder request = InferenceRequested.newBuilder()
                    .setRequestId(id(i))
                    .setGroupName("demo-group")
                    .setProjectIdentifier(DemoStack.PROJECT)
                    .setModelIdentifier(DemoStack.FAST_MODEL)
                    .setSourceIds(List.of(10_000L + i))
                    .setOutputLayerIdentifier(DemoStack.LAYER)
                    .setTimeoutSeconds(SUCCESS_TIMEOUT_SECONDS)
                    .setPriority(i % 4 == 3 ? Priority.BACKFILL : Priority.LIVE)
                    .setAttributes(Map.of("demo", "true"));
            switch (i) {
                case 0 -> request.setModelIdentifier("no-such-model");
                case 1 -> request.setModelIdentifier(DemoStack.STUCK_MODEL).setTimeoutSeconds(TIMEOUT_SECONDS);
                case 2 -> request.setProjectIdentifier(DemoStack.FORBIDDEN_PROJECT);
                default -> {
                    if (i % 3 == 0) {
                        request.setExportResults(true);
                    }
                }
            }
            all.add(request.build());
        }
        return all;
    }

    /** The ids of {@link #requests(int)} and what each is meant to show, for the demo's next steps. */
    static String describe(int requests) {
        return id(0) + " REJECTED (no such model), " + id(1) + " TIMED_OUT (a model that never finishes), "
                + id(2) + " UNAUTHORIZED (a project without permission), " + id(3) + " to " + id(requests - 1)
                + " run " + DemoStack.FAST_MODEL + " (about 1 in 10 ends JOB_ERRORED); " + id(requests - 1)
                + " was sent twice and its second copy ignored; " + id(3) + " and every third after it also export "
                + "their results (the completed event carries a download URL).";
    }

    private static String id(int index) {
        return String.format("demo-%03d", index);
    }

    /** Publishes the requests, one of them twice, and one record that is not Avro at all. */
    static void publish(String bootstrapServers, String topic, List<InferenceRequested> requests,
                        SpecificAvroSerde<InferenceRequested> serde) throws InterruptedException {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            int middle = requests.size() / 2;
            for (int i = 0; i < requests.size(); i++) {
                send(producer, topic, requests.get(i), serde);
                if (i == middle) {
                    send(producer, topic, requests.get(requests.size() - 1), serde);
                    producer.send(new ProducerRecord<>(topic, bytes("not-avro"),
                            bytes("this record is not Avro, so it goes to the dead-letter topic")));
                }
            }
            producer.flush();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish the demo traffic", e.getCause());
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, InferenceRequested request,
                             SpecificAvroSerde<InferenceRequested> serde)
            throws InterruptedException, ExecutionException {
        producer.send(new ProducerRecord<>(topic, bytes(request.getRequestId()),
                serde.serializer().serialize(topic, request))).get();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
