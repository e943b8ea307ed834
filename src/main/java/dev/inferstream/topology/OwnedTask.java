package dev.inferstream.topology;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The job processor of one task, reporting to {@link TaskOwnership} when it starts (after its stores are
 * restored) and when it closes (on revocation, before any other instance can be given the partition).
 */
final class OwnedTask<K, V> implements Processor<K, V, String, SpecificRecord> {

    private final Processor<K, V, String, SpecificRecord> processor;
    private final TaskOwnership ownership;
    private int partition = -1;

    OwnedTask(Processor<K, V, String, SpecificRecord> processor, TaskOwnership ownership) {
        this.processor = processor;
        this.ownership = ownership;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        processor.init(context);
        partition = context.taskId().partition();
        ownership.acquired(partition);
    }

    @Override
    public void process(Record<K, V> record) {
        processor.process(record);
    }

    @Override
    public void close() {
        if (partition >= 0) {
            ownership.released(partition);
        }
        processor.close();
    }
}
