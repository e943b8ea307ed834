package dev.inferstream.harness.bench;

import dev.inferstream.events.InferenceRequested;
import dev.inferstream.topology.EventSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The ceiling: an exactly-once topology that decodes each request and writes one record for it, with
 * no HTTP and no state. Nothing that reads these requests can be faster on this broker.
 */
final class PassThroughSystem implements SystemUnderTest {

    static final int PASS_THROUGH_BURST_FACTOR = 5;
    private static final Profile PROFILE =
            new Profile(Targets.PASS_THROUGH, "passthrough", Measure.UNTIL_DONE, false, false, true);

    @Override
    public Profile profile() {
        return PROFILE;
    }

    /**
     * A ceiling is measured at saturation: five times the others' burst, so start-up and the last commit
     * weigh little. A larger burst only raises it, which makes the comparison harder for Inferstream.
     */
    @Override
    public int requests(BenchPlan plan) {
        return plan.requests() * PASS_THROUGH_BURST_FACTOR;
    }

    /** Nothing to learn: a burst pays for JIT and producer set-up. */
    @Override
    public WarmUp warmUp(BenchPlan plan) {
        return new WarmUp(plan.warmUpRequests(), Duration.ZERO);
    }

    @Override
    public KafkaStreams start(BenchEnvironment env, String input) throws Exception {
        Topology topology = new Topology();
        topology.addSource("requests", Serdes.String().deserializer(),
                EventSerdes.confluentAvro(env.serdeConfig()).requested().deserializer(), input);
        topology.addProcessor("one-per-input", OnePerInput::new, "requests");
        topology.addSink("results", outputs(input).get(0), Serdes.String().serializer(), Serdes.String().serializer(),
                "one-per-input");
        KafkaStreams streams = new KafkaStreams(topology,
                env.streamsProperties(PROFILE.slug(), InferstreamEvents.topics(input), Map.of()));
        streams.start();
        return streams;
    }

    @Override
    public List<String> outputs(String input) {
        return List.of(input + "-done");
    }

    @Override
    public OptionalLong jobIdOf(BenchEnvironment env, ConsumerRecord<String, byte[]> terminal) {
        return OptionalLong.empty();
    }

    /** Stamped with the time it is written, like Inferstream's terminal events, so spans compare. */
    private static final class OnePerInput implements Processor<String, InferenceRequested, String, String> {

        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
        }

        @Override
        public void process(Record<String, InferenceRequested> record) {
            context.forward(new Record<>(record.key(), record.value().getModelIdentifier(), System.currentTimeMillis()));
        }
    }
}
