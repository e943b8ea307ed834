package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

/** Kafka security settings reach every client Kafka Streams creates, unchanged: SASL_PLAINTEXT with PLAIN. */
class SaslPassThroughIT {

    private static final int SASL_PORT = FreePorts.pick(1)[0];
    private static final String SASL_BOOTSTRAP = "127.0.0.1:" + SASL_PORT;
    private static final String PLAIN = "org.apache.kafka.common.security.plain.PlainLoginModule required ";

    @Test
    void givenSaslPlaintextSettings_theServiceProcessesRequestsThroughTheSaslListener() throws Exception {
        TopologySettings.Topics topics = TopologySettings.Topics.defaults();
        try (Stack stack = Stack.builder(SimConfig.defaults().toBuilder().erroredShare(0).build())
                     .topics(topics, 1).brokerProperties(SaslPassThroughIT::addSaslListener).start();
             VertxAnnoLabClient client = VertxAnnoLabClient.create(stack.clientConfig())) {
            Map<String, String> serde = stack.serdeConfig();
            Map<String, String> security = Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", PLAIN + "username=\"app\" password=\"app-secret\";");
            InferstreamService.Settings settings = new InferstreamService.Settings("inferstream-sasl", SASL_BOOTSTRAP,
                    serde, Files.createTempDirectory("inferstream-sasl"), TopologySettings.defaults()
                    .toBuilder().polling(new TopologySettings.Polling(Duration.ofSeconds(1), Duration.ofMillis(250),
                            Duration.ofSeconds(2), 0.1, 0.1)).build(), security, Duration.ofSeconds(20));
            try (InferstreamService service = InferstreamService.start(settings, client, new SimpleMeterRegistry())) {
                await().atMost(Duration.ofSeconds(60)).until(() -> service.state() == KafkaStreams.State.RUNNING);
                publish(SASL_BOOTSTRAP, security, serde, topics.requested());

                try (TopicReader<String, byte[]> completed = TopicReader.of(stack.bootstrapServers(),
                        List.of(topics.completed()), IsolationLevel.READ_COMMITTED, new StringDeserializer(),
                        new ByteArrayDeserializer())) {
                    assertThat(completed.awaitUntil("the request's completion", Duration.ofSeconds(60),
                            records -> !records.isEmpty()).get(0).key()).isEqualTo("sasl-1");
                }
            }
        }
    }

    private static void publish(String bootstrap, Map<String, String> security, Map<String, String> serde,
                                String topic) throws Exception {
        Map<String, Object> config = new HashMap<>(security);
        config.put("bootstrap.servers", bootstrap);
        SpecificAvroSerde<InferenceRequested> values = new SpecificAvroSerde<>(InferenceRequested.class);
        values.configure(serde, false);
        InferenceRequested request = InferenceRequested.newBuilder().setRequestId("sasl-1").setGroupName("acme")
                .setProjectIdentifier("demo-project").setModelIdentifier("fast-model").setSourceIds(List.of(1L))
                .setOutputLayerIdentifier("predictions").setPriority(Priority.LIVE).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, "sasl-1".getBytes(StandardCharsets.UTF_8),
                    values.serializer().serialize(topic, request))).get();
        }
    }

    private static void addSaslListener(Properties props) {
        append(props, "listeners", "SASL://" + SASL_BOOTSTRAP);
        append(props, "advertised.listeners", "SASL://" + SASL_BOOTSTRAP);
        append(props, "listener.security.protocol.map", "SASL:SASL_PLAINTEXT");
        props.setProperty("sasl.enabled.mechanisms", "PLAIN");
        props.setProperty("listener.name.sasl.plain.sasl.jaas.config",
                PLAIN + "user_app=\"app-secret\";");
    }

    private static void append(Properties props, String key, String value) {
        props.setProperty(key, props.getProperty(key) + "," + value);
    }
}
