package dev.inferstream.testkit;

import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Producers configured for tests against an {@link EmbeddedKafkaBroker}. */
final class TestClients {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private TestClients() {
    }

    static KafkaProducer<String, String> transactionalProducer(String bootstrapServers, String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                new StringSerializer(), new StringSerializer());
    }

    /** Sends string records idempotently and returns once the broker has acknowledged all of them. */
    static void produceStrings(String bootstrapServers, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new StringSerializer(), new StringSerializer())) {
            sendAll(producer, records);
        }
    }

    /** Sends raw bytes, e.g. records that a typed serde cannot read back. */
    static void produceBytes(String bootstrapServers, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            sendAll(producer, records);
        }
    }

    static <K, V> void sendAll(KafkaProducer<K, V> producer, List<ProducerRecord<K, V>> records) {
        // Sequential acknowledgements keep the records in the order given, per partition and overall.
        for (ProducerRecord<K, V> record : records) {
            try {
                producer.send(record).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("could not send " + record, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted sending " + record, e);
            }
        }
    }
}
