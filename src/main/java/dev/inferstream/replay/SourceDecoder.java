package dev.inferstream.replay;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.DecodeResult;
import dev.inferstream.serde.SpecificAvroSerde;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/** Turns a scanned record into the request it holds, whichever of the three topics it came from. */
final class SourceDecoder implements AutoCloseable {

    private final ReplaySource source;
    private final SpecificAvroSerde<? extends SpecificRecord> serde;

    SourceDecoder(ReplaySource source, Map<String, String> serdeConfig) {
        this.source = source;
        this.serde = switch (source) {
            case REQUESTED -> new SpecificAvroSerde<>(InferenceRequested.class);
            case FAILED -> new SpecificAvroSerde<>(InferenceFailed.class);
            case COMPLETED -> new SpecificAvroSerde<>(InferenceCompleted.class);
        };
        serde.configure(serdeConfig, false);
    }

    /**
     * The request a record holds; empty for one that holds none (a tombstone, or a failure of a request
     * that never decoded). Bytes that can never be read, and a registry that does not answer, are told apart.
     */
    DecodeResult<Optional<Candidate>> decode(String topic, byte[] value) {
        if (value == null) {
            return new DecodeResult.Decoded<>(Optional.empty());
        }
        return decodeWith(serde, topic, value);
    }

    private <T extends SpecificRecord> DecodeResult<Optional<Candidate>> decodeWith(SpecificAvroSerde<T> serde,
                                                                                   String topic, byte[] value) {
        return serde.deserializer().decode(topic, value).match(new DecodeResult.Cases<T, DecodeResult<Optional<Candidate>>>() {
            @Override
            public DecodeResult<Optional<Candidate>> decoded(T event) {
                return new DecodeResult.Decoded<>(candidate(event));
            }

            @Override
            public DecodeResult<Optional<Candidate>> undecodable(String reason) {
                return new DecodeResult.Undecodable<>(reason);
            }

            @Override
            public DecodeResult<Optional<Candidate>> registryUnavailable(String reason) {
                return new DecodeResult.RegistryUnavailable<>(reason);
            }
        });
    }

    private Optional<Candidate> candidate(Object event) {
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
