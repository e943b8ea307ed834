package dev.inferstream.serde;

/**
 * What reading one record's value gave: the value, a verdict that these bytes can never be read (not
 * the Confluent framing, a schema id the registry does not know, a writer schema that cannot be
 * resolved against the reader's, corrupt Avro), or no verdict because the registry could not be asked.
 * Only {@link Undecodable} is about the record; {@link RegistryUnavailable} says to try again later.
 */
public sealed interface DecodeResult<T> {

    <R> R match(Cases<T, R> cases);

    /** Exhaustive handling: a new kind of result is a compile error wherever results are handled. */
    interface Cases<T, R> {
        R decoded(T value);

        R undecodable(String reason);

        R registryUnavailable(String reason);
    }

    record Decoded<T>(T value) implements DecodeResult<T> {
        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.decoded(value);
        }
    }

    record Undecodable<T>(String reason) implements DecodeResult<T> {
        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.undecodable(reason);
        }
    }

    record RegistryUnavailable<T>(String reason) implements DecodeResult<T> {
        @Override
        public <R> R match(Cases<T, R> cases) {
            return cases.registryUnavailable(reason);
        }
    }
}
