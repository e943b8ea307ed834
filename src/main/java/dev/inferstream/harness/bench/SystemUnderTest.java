package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;

/** One of the systems the bench compares. Each reads its own input topic under its own application id. */
interface SystemUnderTest {

    /** How a system's measured phase ends. */
    enum Measure {
        /** Produce the burst and wait until every request ended. */
        UNTIL_DONE,
        /** Too slow to finish a burst: count what ended within the plan's naive window. */
        TIME_BOXED
    }

    /** Requests sent before measuring, and over how long. */
    record WarmUp(int requests, Duration spread) {}

    /**
     * What the bench needs to know about a system besides running it: its name in the table, a short
     * slug for ids, topics and the application id, how its phase ends, and whether it calls the API
     * (the pass-through does not, so it has no API figures), whether its status checks and detection
     * delays are measured at a steady load before the burst, and whether it runs the sustained phase.
     */
    record Profile(String name, String slug, Measure measure, boolean callsApi, boolean steadyPolling,
                   boolean sustained) {}

    Profile profile();

    /** How many requests its measured burst holds. */
    default int requests(BenchPlan plan) {
        return plan.requests();
    }

    /** The API rate limit it runs under, if it has one. */
    default OptionalDouble callLimit(BenchPlan plan) {
        return OptionalDouble.empty();
    }

    WarmUp warmUp(BenchPlan plan);

    /** Starts reading {@code input}; the topics it writes are {@link #outputs(String)}. */
    KafkaStreams start(BenchEnvironment env, String input) throws Exception;

    List<String> outputs(String input);

    /** The simulator job a terminal record names, if it names one. */
    OptionalLong jobIdOf(BenchEnvironment env, ConsumerRecord<String, byte[]> terminal);
}
