package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.serde.WireFormat;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.testkit.TopicReader;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonArray;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The processor end to end against a real broker and the real Confluent Schema Registry (the images of
 * docker-compose.yml): our REST registry client registers and resolves the subjects the way Confluent's
 * serdes would. Skipped where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ConfluentRegistryContainersIT {

    private static final String KEY = "containers-it-key";
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();
    private static final Network NETWORK = Network.newNetwork();

    @Container
    private static final KafkaContainer KAFKA = new KafkaContainer(StackImages.KAFKA)
            .withNetwork(NETWORK)
            .withListener("kafka:19092");

    @Container
    private static final GenericContainer<?> REGISTRY = new GenericContainer<>(StackImages.SCHEMA_REGISTRY)
            .withNetwork(NETWORK)
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
            .dependsOn(KAFKA)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));

    @Test
    void givenTheConfluentRegistry_aRequestCompletes_andEveryEventIsWrittenUnderARegisteredSchema() throws Exception {
        String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
        Map<String, String> serdeConfig = Map.of("schema.registry.url", registryUrl);
        createTopics();
        try (AnnoLabSimulator simulator = AnnoLabSimulator.startBlocking(SimConfig.defaults().toBuilder()
                     .port(0).apiKeys(KEY).erroredShare(0)
                     .models(List.of(new SimModel(100, "fast-model",
                             DurationSpec.uniform(Duration.ofMillis(200), Duration.ofMillis(400)))))
                     .build());
             VertxAnnoLabClient client = VertxAnnoLabClient.create(
                     AnnoLabClientConfig.of(URI.create(simulator.baseUrl()), ApiKey.of(KEY)));
             InferstreamService service = InferstreamService.start(new InferstreamService.Settings(
                     "inferstream-containers-it", KAFKA.getBootstrapServers(), serdeConfig,
                     Files.createTempDirectory("inferstream-containers-it"), TopologySettings.defaults(),
                     Map.of("commit.interval.ms", "100"), Duration.ofSeconds(30)), client, new SimpleMeterRegistry());
             TopicReader<String, byte[]> completed = TopicReader.of(KAFKA.getBootstrapServers(),
                     List.of(TOPICS.completed()), IsolationLevel.READ_COMMITTED,
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            await("streams running").atMost(Duration.ofSeconds(90))
                    .until(() -> service.state() == KafkaStreams.State.RUNNING);

            publish(serdeConfig, "containers-1");
            List<ConsumerRecord<String, byte[]>> events = completed.awaitUntil("the completed event",
                    Duration.ofSeconds(90), records -> !records.isEmpty());

            SpecificAvroSerde<InferenceCompleted> completedSerde = new SpecificAvroSerde<>(InferenceCompleted.class);
            completedSerde.configure(serdeConfig, false);
            InferenceCompleted event = completedSerde.deserializer().deserialize(TOPICS.completed(),
                    events.get(0).value());
            assertThat(event.getRequestId()).isEqualTo("containers-1");
            assertThat(event.getRequest().getModelIdentifier()).isEqualTo("fast-model");
            assertThat(events.get(0).value()[0]).as("Confluent wire format").isEqualTo(WireFormat.MAGIC_BYTE);
            assertThat(get(registryUrl + "/schemas/ids/" + WireFormat.schemaId(events.get(0).value())).statusCode())
                    .as("the schema id in the event is the registry's").isEqualTo(200);
            assertThat(new JsonArray(get(registryUrl + "/subjects").body()).stream().map(String::valueOf).toList())
                    .contains(TOPICS.requested() + "-value", TOPICS.completed() + "-value");
        }
    }

    private static void createTopics() {
        TopicSetup.createMissing(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()),
                TOPICS.partitioned(2, 2), Duration.ofSeconds(60));
    }

    private static void publish(Map<String, String> serdeConfig, String id) throws Exception {
        SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);
        serde.configure(serdeConfig, false);
        InferenceRequested request = InferenceRequested.newBuilder()
                .setRequestId(id).setGroupName("acme").setProjectIdentifier("demo-project")
                .setModelIdentifier("fast-model").setSourceIds(List.of(1L)).setOutputLayerIdentifier("predictions")
                .setPriority(Priority.LIVE).build();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.getBootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(TOPICS.requested(), id.getBytes(StandardCharsets.UTF_8),
                    serde.serializer().serialize(TOPICS.requested(), request))).get();
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
