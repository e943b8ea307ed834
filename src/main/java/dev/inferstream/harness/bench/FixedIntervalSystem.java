package dev.inferstream.harness.bench;

import dev.inferstream.topology.ApiCapacity;
import dev.inferstream.topology.DurationLearner;
import dev.inferstream.topology.EventSerdes;
import dev.inferstream.topology.InferstreamTopology;
import dev.inferstream.topology.JobMetrics;
import dev.inferstream.topology.JobServices;
import dev.inferstream.topology.RegistryHealth;
import dev.inferstream.topology.TickObserver;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Inferstream's architecture (same topology, stores, limits and client) polling every job once a
 * second from submission: first check after 1 s, every later one 1 s apart, no jitter, and a
 * {@link DurationLearner#nonLearning non-learning} learner so nothing moves the first check.
 */
final class FixedIntervalSystem implements SystemUnderTest {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private InferstreamEvents events;

    private static final Profile PROFILE = new Profile(Targets.FIXED, "fixed", Measure.UNTIL_DONE, true, true, true);

    @Override
    public Profile profile() {
        return PROFILE;
    }

    /** Nothing to learn: a few requests pay for JIT and connections. */
    @Override
    public OptionalDouble callLimit(BenchPlan plan) {
        return OptionalDouble.of(plan.callsPerSecond());
    }

    @Override
    public WarmUp warmUp(BenchPlan plan) {
        return new WarmUp(plan.warmUpRequests() / 10, Duration.ZERO);
    }

    @Override
    public KafkaStreams start(BenchEnvironment env, String input) throws Exception {
        events = new InferstreamEvents(env.serdeConfig());
        TopologySettings defaults = TopologySettings.defaults();
        TopologySettings settings = defaults.toBuilder().topics(InferstreamEvents.topics(input))
                .polling(new TopologySettings.Polling(INTERVAL, INTERVAL, INTERVAL, 0, 0))
                .limits(BenchLimits.withRate(defaults.limits(), env.plan().callsPerSecond())).build();
        JobMetrics metrics = new JobMetrics(new SimpleMeterRegistry());
        ApiCapacity capacity = new ApiCapacity(settings.limits(), settings.retries());
        JobServices services = new JobServices(env.client(), capacity, DurationLearner.nonLearning(settings.polling()),
                metrics, TickObserver.NONE, SplittableRandom::new, new RegistryHealth());
        KafkaStreams streams = new KafkaStreams(
                InferstreamTopology.build(settings, EventSerdes.confluentAvro(env.serdeConfig()), services),
                env.streamsProperties(PROFILE.slug(), settings.topics(), env.plan().streamsOverrides()));
        streams.start();
        return streams;
    }

    @Override
    public List<String> outputs(String input) {
        return InferstreamEvents.outputs(input);
    }

    @Override
    public OptionalLong jobIdOf(BenchEnvironment env, ConsumerRecord<String, byte[]> terminal) {
        return events.jobIdOf(terminal);
    }
}
