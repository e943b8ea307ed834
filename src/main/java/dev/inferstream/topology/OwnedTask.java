package dev.inferstream.topology;

import dev.inferstream.events.InferenceRequested;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The job processor of one task, reporting to {@link TaskOwnership} when it starts (after its stores are
 * restored) and when it closes (on revocation, before any other instance can be given the partition).
 */
final class OwnedTask implements Processor<String, InferenceRequested, String, SpecificRecord> {

    private final Processor<String, InferenceRequested, String, SpecificRecord> processor;
    private final TaskOwnership ownership;
    private int partition = -1;

    OwnedTask(Processor<String, InferenceRequested, String, SpecificRecord> processor, TaskOwnership ownership) {
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
    public void process(Record<String, InferenceRequested> record) {
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
