package dev.inferstream.serde;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * An in-memory registry with the REST registry's semantics: one global id per distinct schema,
 * per-subject version lists, and the same error wording. Obtain shared instances through
 * {@link MockSchemaRegistry}; construct one directly for a registry private to a test.
 */
public final class MockSchemaRegistryClient implements SchemaRegistryClient {

    private final String name;
    private int lastId;
    private final Map<Schema, Integer> idsBySchema = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Schema>> versionsBySubject = new HashMap<>();

    public MockSchemaRegistryClient(String scope) {
        this.name = AvroSerdeConfig.MOCK_URL_PREFIX + scope;
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = idsBySchema.computeIfAbsent(schema, s -> ++lastId);
        schemasById.put(id, schema);
        List<Schema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        if (!versions.contains(schema)) {
            versions.add(schema);
        }
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw RegistryErrors.subjectNotFound(name, subject);
        }
        if (!versions.contains(schema)) {
            throw RegistryErrors.schemaNotRegistered(name, subject);
        }
        return idsBySchema.get(schema);
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw RegistryErrors.unknownSchemaId(name, id);
        }
        return schema;
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Schema> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw RegistryErrors.subjectNotFound(name, subject);
        }
        Schema schema = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), idsBySchema.get(schema), schema);
    }

    @Override
    public String toString() {
        return "MockSchemaRegistryClient[" + name + "]";
    }
}
