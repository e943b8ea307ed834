package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.serde.SpecificAvroSerde;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.testkit.RequestPublisher;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ops endpoints of real services: an embedded KRaft broker, the simulator over loopback HTTP, and
 * Kafka Streams instances whose {@code application.server} points at their own OpsServer.
 */
class OpsServerIT {

    private static final String GOOD_KEY = "ops-it-good-key-5Tg8wQ";
    private static final String BAD_KEY = "ops-it-revoked-key-3Lp0zV";
    private static final TopologySettings.Topics TOPICS = TopologySettings.Topics.defaults();
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private final OpsHttp http = new OpsHttp();
    private final List<AutoCloseable> running = new ArrayList<>();
    private Stack stack;
    private EmbeddedKafkaBroker broker;
    private AnnoLabSimulator simulator;
    private Vertx vertx;
    private KafkaProducer<byte[], byte[]> producer;
    private SpecificAvroSerde<InferenceRequested> requestSerde;
    private Path stateRoot;

    /** One instance: its service, its server, its registry. */
    private record Instance(InferstreamService service, OpsServer ops, PrometheusMeterRegistry registry) {
        int port() {
            return ops.port();
        }
    }

    @BeforeEach
    void start() throws IOException {
        stack = Stack.builder(SimConfig.defaults().toBuilder()
                        .erroredShare(0)
                        .models(List.of(new SimModel(100, "fast-model",
                                DurationSpec.uniform(Duration.ofMillis(200), Duration.ofMillis(500)))))
                        .build())
                .apiKey(GOOD_KEY).topics(TOPICS, 6).start();
        broker = stack.broker();
        simulator = stack.simulator();
        vertx = Vertx.vertx();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        requestSerde = new SpecificAvroSerde<>(InferenceRequested.class);
        requestSerde.configure(serdeConfig(), false);
        stateRoot = Files.createTempDirectory("inferstream-ops-it");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        producer.close();
        vertx.close().await();
        stack.close();
    }

    @Test
    void givenOneInstance_healthFollowsStreamsAndThe401Pause_metricsAndJobsAnswer_andNoAnswerShowsTheKey() {
        RotatingKeyClient client = new RotatingKeyClient(client(BAD_KEY), client(GOOD_KEY));
        running.add(client);
        Instance instance = startInstance("solo", FreePorts.pick(1)[0], client);

        OpsHttp.Answer firstReady = http.get(instance.port(), "/health/ready");
        assertThat(http.get(instance.port(), "/health/live").status()).isEqualTo(200);
        assertThat(firstReady.status()).as(firstReady.body()).isEqualTo(503);
        assertThat(firstReady.json().getString("streamsState")).isNotEqualTo("RUNNING");

        await("streams running").atMost(PATIENCE).until(() -> instance.service().state() == KafkaStreams.State.RUNNING);
        publish("ops-1");
        await("readiness reports the 401 pause").atMost(PATIENCE).untilAsserted(() -> {
            OpsHttp.Answer ready = http.get(instance.port(), "/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().getBoolean("apiPaused")).isTrue();
            assertThat(ready.json().getString("reason")).contains("401");
        });
        assertThat(http.get(instance.port(), "/metrics").body()).contains("inferstream_api_paused 1.0");

        client.rotate();
        await("ready once the key is accepted").atMost(PATIENCE)
                .until(() -> http.get(instance.port(), "/health/ready").status() == 200);
        await("the job ended").atMost(PATIENCE).untilAsserted(() -> {
            OpsHttp.Answer job = http.get(instance.port(), "/jobs/ops-1");
            assertThat(job.status()).isEqualTo(200);
            assertThat(job.contentType()).startsWith("application/json");
            assertThat(job.json().getString("phase")).isEqualTo("ENDED");
            assertThat(job.json().getString("outcome")).isEqualTo("COMPLETED");
            assertThat(job.json().getString("requestId")).isEqualTo("ops-1");
        });
        OpsHttp.Answer unknown = http.get(instance.port(), "/jobs/never-sent");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("error")).contains("never-sent");

        OpsHttp.Answer metrics = http.get(instance.port(), "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains(
                "kafka_stream_thread_", "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "system_cpu_count", "process_uptime_seconds",
                "inferstream_requests_total{result=\"accepted\"} 1.0",
                "inferstream_api_calls_total{call=\"submit\",outcome=\"unauthorized\"}",
                "inferstream_terminal_events_total", "inferstream_api_latency_seconds_bucket",
                "inferstream_submissions_suspected_double_total", "inferstream_api_in_flight",
                "inferstream_api_paused 0.0", "inferstream_api_rate_limit", "inferstream_api_in_flight_limit",
                "inferstream_api_latency_baseline_seconds", "inferstream_jobs_stored",
                "inferstream_tick_duration_seconds_bucket", "inferstream_tick_entries_read_bucket");

        assertThat(http.bodiesSeen()).isNotEmpty()
                .noneMatch(body -> body.contains(GOOD_KEY) || body.contains(BAD_KEY));
    }

    @Test
    void givenTwoInstances_eitherAnswersForEveryJob_forwardingToTheOwnerOfTheKey() {
        VertxAnnoLabClient client = client(GOOD_KEY);
        running.add(client);
        int[] ports = FreePorts.pick(2);
        Instance first = startInstance("first", ports[0], client);
        Instance second = startInstance("second", ports[1], client);
        List<String> ids = IntStream.range(0, 12).mapToObj(i -> "pair-" + i).toList();
        await("both running").atMost(PATIENCE).until(() -> first.service().state() == KafkaStreams.State.RUNNING
                && second.service().state() == KafkaStreams.State.RUNNING);
        ids.forEach(this::publish);

        await("every job answered by both instances, with keys owned by each").atMost(PATIENCE).untilAsserted(() -> {
            assertThat(ownersOf(first, ids)).containsExactlyInAnyOrder(
                    new HostInfo("127.0.0.1", ports[0]), new HostInfo("127.0.0.1", ports[1]));
            for (Instance asked : List.of(first, second)) {
                for (String id : ids) {
                    OpsHttp.Answer job = http.get(asked.port(), "/jobs/" + id);
                    assertThat(job.status()).as(id + " at " + asked.port() + ": " + job.body()).isEqualTo(200);
                    assertThat(job.json().getString("requestId")).isEqualTo(id);
                    assertThat(job.json().getString("phase")).isEqualTo("ENDED");
                }
            }
        });
        assertThat(http.get(second.port(), "/jobs/never-sent").status()).isEqualTo(404);
        assertThat(http.bodiesSeen()).noneMatch(body -> body.contains(GOOD_KEY));
    }

    private static Set<HostInfo> ownersOf(Instance instance, List<String> ids) {
        Set<HostInfo> owners = new HashSet<>();
        for (String id : ids) {
            owners.add(instance.service().streams().queryMetadataForKey("jobs", id, Serdes.String().serializer())
                    .activeHost());
        }
        return owners;
    }

    private Instance startInstance(String name, int port, AnnoLabClient client) {
        TopologySettings settings = TopologySettings.defaults()
                .toBuilder().polling(new TopologySettings.Polling(Duration.ofMillis(300), Duration.ofMillis(200),
                        Duration.ofSeconds(1), 0.1, 0.1))
                .retries(new TopologySettings.Retries(Duration.ofMillis(200), Duration.ofSeconds(1), 10, 2,
                        Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(30))).build();
        InferstreamService.Settings serviceSettings = new InferstreamService.Settings("inferstream-ops-it",
                broker.bootstrapServers(), serdeConfig(), stateRoot.resolve(name), settings,
                Map.of("commit.interval.ms", "100", "num.stream.threads", "1",
                        "application.server", "127.0.0.1:" + port),
                Duration.ofSeconds(30));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        InferstreamService service = InferstreamService.start(serviceSettings, client, registry);
        running.add(service);
        OpsServer ops = OpsServer.start(vertx, port, service, registry);
        running.add(ops);
        return new Instance(service, ops, registry);
    }

    private VertxAnnoLabClient client(String key) {
        return VertxAnnoLabClient.create(AnnoLabClientConfig.of(URI.create(simulator.baseUrl()), ApiKey.of(key))
                .withRequestTimeout(Duration.ofSeconds(5)));
    }

    private void publish(String id) {
        InferenceRequested request = InferenceRequested.newBuilder()
                .setRequestId(id)
                .setGroupName("acme")
                .setProjectIdentifier("demo-project")
                .setModelIdentifier("fast-model")
                .setSourceIds(List.of(1_000L))
                .setOutputLayerIdentifier("predictions")
                .setTimeoutSeconds(120)
                .setPriority(Priority.LIVE)
                .build();
        RequestPublisher.publish(producer, TOPICS.requested(), requestSerde.serializer(), request);
    }

    private Map<String, String> serdeConfig() {
        return stack.serdeConfig();
    }
}
