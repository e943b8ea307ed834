package dev.inferstream.replay;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.SpecificAvroSerde;
import java.util.Map;
import java.util.Optional;

/** Turns a scanned record into the request it holds, whichever of the three topics it came from. */
final class SourceDecoder implements AutoCloseable {

    private final ReplaySource source;
    private final SpecificAvroSerde<?> serde;

    SourceDecoder(ReplaySource source, Map<String, String> serdeConfig) {
        this.source = source;
        this.serde = switch (source) {
            case REQUESTED -> new SpecificAvroSerde<>(InferenceRequested.class);
            case FAILED -> new SpecificAvroSerde<>(InferenceFailed.class);
            case COMPLETED -> new SpecificAvroSerde<>(InferenceCompleted.class);
        };
        serde.configure(serdeConfig, false);
    }

    /** Empty for a record that holds no request: a tombstone, or a failure of a request that never decoded. */
    Optional<Candidate> decode(String topic, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        Object event = serde.deserializer().deserialize(topic, value);
        return switch (source) {
            case REQUESTED -> Optional.of(new Candidate((InferenceRequested) event, Optional.empty(), true));
            case COMPLETED -> Optional.of(new Candidate(((InferenceCompleted) event).getRequest(), Optional.empty(),
                    true));
            case FAILED -> {
                InferenceFailed failed = (InferenceFailed) event;
                yield Optional.ofNullable(failed.getRequest())
                        .map(request -> new Candidate(request, Optional.of(failed.getReason()), failed.getRetryable()));
            }
        };
    }

    @Override
    public void close() {
        serde.close();
    }
}
