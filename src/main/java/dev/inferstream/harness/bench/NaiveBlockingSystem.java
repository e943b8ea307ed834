package dev.inferstream.harness.bench;

import dev.inferstream.topology.EventSerdes;
import dev.inferstream.topology.TopologySettings;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The naive baseline: one Kafka Streams thread (the default) running {@link NaiveBlockingProcessor} on
 * the same broker and simulator, with Kafka Streams' default at-least-once guarantee. Under exactly-once
 * it does not work at all: one transaction spans every job the thread works through between commits
 * (one per task, so six jobs of 2-5 s here), outlives the 10 s transaction timeout Streams sets, and is
 * aborted and fenced; early bench runs saw no result ever committed.
 */
final class NaiveBlockingSystem implements SystemUnderTest {

    private static final Profile PROFILE = new Profile(Targets.NAIVE, "naive", Measure.TIME_BOXED, true, false, false);

    @Override
    public Profile profile() {
        return PROFILE;
    }

    /** One job is all it can do in a few seconds; it opens the HTTP connection. */
    @Override
    public WarmUp warmUp(BenchPlan plan) {
        return new WarmUp(1, Duration.ZERO);
    }

    @Override
    public KafkaStreams start(BenchEnvironment env, String input) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        AtomicBoolean closing = new AtomicBoolean();
        Topology topology = new Topology();
        topology.addSource("requests", Serdes.String().deserializer(),
                EventSerdes.confluentAvro(env.serdeConfig()).requested().deserializer(), input);
        topology.addProcessor("blocking-calls",
                () -> new NaiveBlockingProcessor(http, env.simBaseUrl(), env.apiKey(), closing::get), "requests");
        topology.addSink("results", outputs(input).get(0), Serdes.String().serializer(), Serdes.String().serializer(),
                "blocking-calls");
        TopologySettings.Topics topics = InferstreamEvents.topics(input);
        KafkaStreams streams = new KafkaStreams(topology, env.streamsProperties(PROFILE.slug(), topics,
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE)));
        // Streams only looks at a close request between batches, and a blocked batch of jobs can take minutes.
        streams.setStateListener((now, before) -> closing.compareAndSet(false, now == KafkaStreams.State.PENDING_SHUTDOWN));
        streams.start();
        return streams;
    }

    @Override
    public List<String> outputs(String input) {
        return List.of(input + "-done");
    }

    @Override
    public OptionalLong jobIdOf(BenchEnvironment env, ConsumerRecord<String, byte[]> terminal) {
        long jobId = Long.parseLong(new String(terminal.value(), StandardCharsets.UTF_8));
        return jobId < 0 ? OptionalLong.empty() : OptionalLong.of(jobId);
    }
}
