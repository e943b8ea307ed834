package dev.inferstream.topology;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.state.DueIndex;
import dev.inferstream.state.HeldRecords;
import dev.inferstream.state.JobState;
import dev.inferstream.state.JobStateSerde;
import dev.inferstream.state.JobStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * inference-requested → {@link JobProcessor} (with the {@code jobs}, {@code due} and {@code held} stores)
 * → inference-completed | inference-failed. The source hands over raw bytes: the processor decodes them
 * itself ({@link Intake}), so that a schema registry that does not answer delays records instead of
 * having Kafka Streams skip them; records that cannot be read or answered go to the dead-letter topic
 * through {@link DeadLetterHandler}.
 */
public final class InferstreamTopology {

    public static final String SOURCE = "requested-source";
    public static final String PROCESSOR = "job-processor";

    private InferstreamTopology() {}

    public static Topology build(TopologySettings settings, EventSerdes serdes, JobServices services) {
        TopologySettings.Topics topics = settings.topics();
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.requested());
        topology.addProcessor(PROCESSOR, () -> new JobProcessor(settings, serdes, services,
                new PollPlanner(settings.polling(), settings.retries(), services.learner(), services.randomness().get())),
                SOURCE);
        topology.addStateStore(jobsStore(), PROCESSOR);
        topology.addStateStore(dueStore(), PROCESSOR);
        topology.addStateStore(heldStore(), PROCESSOR);
        topology.addSink(TerminalEmitter.COMPLETED_SINK, topics.completed(), Serdes.String().serializer(),
                narrowed(InferenceCompleted.class, serdes.completed().serializer()), PROCESSOR);
        topology.addSink(TerminalEmitter.FAILED_SINK, topics.failed(), Serdes.String().serializer(),
                narrowed(InferenceFailed.class, serdes.failed().serializer()), PROCESSOR);
        return topology;
    }

    static StoreBuilder<KeyValueStore<String, JobState>> jobsStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JobStore.STORE_NAME),
                Serdes.String(), new JobStateSerde());
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> dueStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DueIndex.STORE_NAME),
                Serdes.Bytes(), Serdes.ByteArray());
    }

    static StoreBuilder<KeyValueStore<Bytes, byte[]>> heldStore() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HeldRecords.STORE_NAME),
                Serdes.Bytes(), Serdes.ByteArray());
    }

    /** The processor forwards each event type to its own sink; this keeps the sink's serializer typed. */
    private static <T extends SpecificRecord> Serializer<SpecificRecord> narrowed(Class<T> type, Serializer<T> inner) {
        return new Serializer<>() {
            @Override
            public byte[] serialize(String topic, SpecificRecord value) {
                if (value != null && !type.isInstance(value)) {
                    throw new SerializationException("topic " + topic + " takes " + type.getSimpleName()
                            + ", was given " + value.getClass().getSimpleName());
                }
                return inner.serialize(topic, type.cast(value));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }
}
