package dev.inferstream.testkit;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/** The smallest useful Streams app: copies string records from one topic to another. */
final class CopyTopology {

    private CopyTopology() {
    }

    static Topology build(String source, String sink) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(source, Consumed.with(Serdes.String(), Serdes.String()))
                .to(sink, Produced.with(Serdes.String(), Serdes.String()));
        return builder.build();
    }
}
