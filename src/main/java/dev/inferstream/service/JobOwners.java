package dev.inferstream.service;

import dev.inferstream.state.JobStore;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;

/** Which instance holds a request's job right now, by Kafka Streams' assignment metadata. */
final class JobOwners {

    sealed interface Owner {}

    /** This instance: read the local store, in the given partition when the metadata named one. */
    record Local(OptionalInt partition) implements Owner {}

    /** Another instance, reachable at its advertised {@code application.server}. */
    record Remote(HostInfo host) implements Owner {}

    /** Nobody can answer right now (rebalancing, or metadata not yet known): try again shortly. */
    record Unavailable(String reason) implements Owner {}

    private final KafkaStreams streams;
    private final Optional<HostInfo> self;

    JobOwners(KafkaStreams streams, Optional<HostInfo> self) {
        this.streams = streams;
        this.self = self;
    }

    Owner ownerOf(String requestId) {
        KafkaStreams.State state = streams.state();
        if (state != KafkaStreams.State.RUNNING) {
            return new Unavailable("Kafka Streams is " + state + "; job ownership is not settled");
        }
        if (self.isEmpty()) {
            // Without application.server Streams shares no host metadata, so only this instance's own
            // tasks can be searched; a single-instance deployment needs nothing more.
            return new Local(OptionalInt.empty());
        }
        KeyQueryMetadata metadata = streams.queryMetadataForKey(JobStore.STORE_NAME, requestId,
                Serdes.String().serializer());
        if (metadata == null || KeyQueryMetadata.NOT_AVAILABLE.equals(metadata)) {
            return new Unavailable("the owner of " + requestId + " is not known yet");
        }
        if (metadata.activeHost().equals(self.get())) {
            return new Local(OptionalInt.of(metadata.partition()));
        }
        return new Remote(metadata.activeHost());
    }
}
