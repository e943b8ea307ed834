package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.embedded.FreePorts;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} stopped and started again with the same application id, host and port: a static member of
 * the consumer group (group.instance.id from the advertised host and port) takes its tasks back without
 * waiting for the group to give up on the member that stopped.
 */
class FastRestartIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** Measured 1-3 s; a dynamic member waits out the 45 s session timeout of the one it replaces. */
    private static final Duration RESTART_LIMIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void givenARestartWithTheSameIdentity_tasksAreBackAndARequestEndsWithinSeconds() throws Exception {
        try (Stack stack = Stack.builder(simConfig()).start();
             KafkaProducer<byte[], byte[]> producer = producer(stack)) {
            InferstreamConfig config = config(stack);
            SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>(InferenceRequested.class);
            serde.configure(stack.serdeConfig(), false);
            OpsHttp http = new OpsHttp();
            try (RunningProcessor first = RunningProcessor.start(config)) {
                publish(producer, serde, stack, "before-restart");
                awaitEnded(http, first, "before-restart");
            }

            long restartedAt = System.nanoTime();
            try (RunningProcessor second = RunningProcessor.start(config)) {
                await("running again").atMost(PATIENCE)
                        .until(() -> second.service().state() == KafkaStreams.State.RUNNING);
                Duration untilRunning = Duration.ofNanos(System.nanoTime() - restartedAt);
                publish(producer, serde, stack, "after-restart");
                awaitEnded(http, second, "after-restart");
                Duration untilFirstResult = Duration.ofNanos(System.nanoTime() - restartedAt);
                System.out.printf("restart: RUNNING after %d ms, a new request ended after %d ms%n",
                        untilRunning.toMillis(), untilFirstResult.toMillis());

                assertThat(untilRunning).isLessThan(RESTART_LIMIT);
                assertThat(untilFirstResult).isLessThan(RESTART_LIMIT.plusSeconds(5));
            }
        }
    }

    private static void awaitEnded(OpsHttp http, RunningProcessor processor, String id) {
        await(id + " ended").atMost(PATIENCE).untilAsserted(() -> {
            OpsHttp.Answer job = http.get(processor.opsPort(), "/jobs/" + id);
            assertThat(job.status()).as(job.body()).isEqualTo(200);
            assertThat(job.json().getString("outcome")).as(job.body()).isEqualTo("COMPLETED");
        });
    }

    private static SimConfig simConfig() {
        return SimConfig.defaults().toBuilder()
                .erroredShare(0)
                .models(List.of(new SimModel(100, "fast-model",
                        DurationSpec.uniform(Duration.ofMillis(100), Duration.ofMillis(300)))))
                .build();
    }

    private InferstreamConfig config(Stack stack) {
        Map<String, String> environment = new LinkedHashMap<>(stack.serviceEnvironment());
        environment.put(EnvNames.APPLICATION_ID, "inferstream-restart-it");
        environment.put(EnvNames.STATE_DIR, dir.resolve("state").toString());
        environment.put(EnvNames.ADVERTISED_HOST, "127.0.0.1");
        environment.put(EnvNames.HTTP_PORT, String.valueOf(FreePorts.pick(1)[0]));
        environment.put(EnvNames.POLL_INITIAL_DELAY_MILLIS, "200");
        environment.put(EnvNames.POLL_MAX_INTERVAL_SECONDS, "1");
        return InferstreamConfig.load(environment, Optional.empty());
    }

    private static KafkaProducer<byte[], byte[]> producer(Stack stack) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void publish(KafkaProducer<byte[], byte[]> producer, SpecificAvroSerde<InferenceRequested> serde,
                                Stack stack, String id) throws Exception {
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
        String topic = stack.topics().requested();
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8),
                serde.serializer().serialize(topic, request))).get();
    }
}
