package dev.inferstream.serde;

import org.apache.avro.Schema;

/**
 * The part of Confluent's Schema Registry API a serde needs. Every method either answers or throws
 * {@link org.apache.kafka.common.errors.SerializationException} saying what went wrong and what to fix.
 * Implementations are thread-safe: one client serves all stream threads.
 */
public interface SchemaRegistryClient {

    /** Registers the schema under the subject (a no-op when already there) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of a schema already registered under the subject; never registers. */
    int idOf(String subject, Schema schema);

    /** The schema with this global id, as its writer registered it. */
    Schema schemaById(int id);

    /** The newest version registered under the subject. */
    RegisteredSchema latest(String subject);
}
