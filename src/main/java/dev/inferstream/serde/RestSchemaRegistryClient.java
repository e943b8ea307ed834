package dev.inferstream.serde;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Client for Confluent's Schema Registry REST API. Ids are immutable once assigned, so both directions
 * (schema to id per subject, id to schema) are cached for the life of the client; after warm-up a
 * serde makes no HTTP calls. "Latest version" is not cached here because it changes over time.
 */
public final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private final RegistryHttp http;
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public RestSchemaRegistryClient(List<String> baseUrls, Optional<BasicAuthCredentials> credentials) {
        this.http = new RegistryHttp(baseUrls, credentials);
    }

    @Override
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        RegistryResponse response = http.post("/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        if (!response.isSuccess()) {
            throw RegistryErrors.unexpected("registering a schema under subject '" + subject + "'", response);
        }
        return remember(subject, schema, requiredId(response, "registering under subject '" + subject + "'"));
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        RegistryResponse response = http.post("/subjects/" + encode(subject), schemaBody(schema));
        if (!response.isSuccess()) {
            throw switch (response.errorCode()) {
                case RegistryErrors.SUBJECT_NOT_FOUND -> RegistryErrors.subjectNotFound(response.url(), subject);
                case RegistryErrors.SCHEMA_NOT_FOUND -> RegistryErrors.schemaNotRegistered(response.url(), subject);
                default -> RegistryErrors.unexpected("looking up a schema under subject '" + subject + "'", response);
            };
        }
        return remember(subject, schema, requiredId(response, "looking up under subject '" + subject + "'"));
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        RegistryResponse response = http.get("/schemas/ids/" + id);
        if (!response.isSuccess()) {
            throw response.errorCode() == RegistryErrors.SCHEMA_NOT_FOUND
                    ? RegistryErrors.unknownSchemaId(response.url(), id)
                    : RegistryErrors.unexpected("fetching schema id " + id, response);
        }
        Schema schema = parseSchema(response, "fetching schema id " + id);
        schemasById.putIfAbsent(id, schema);
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        RegistryResponse response = http.get("/subjects/" + encode(subject) + "/versions/latest");
        if (!response.isSuccess()) {
            throw switch (response.errorCode()) {
                case RegistryErrors.SUBJECT_NOT_FOUND -> RegistryErrors.subjectNotFound(response.url(), subject);
                case RegistryErrors.VERSION_NOT_FOUND -> RegistryErrors.versionNotFound(response.url(), subject);
                default -> RegistryErrors.unexpected("fetching the latest version of subject '" + subject + "'", response);
            };
        }
        String action = "fetching the latest version of subject '" + subject + "'";
        int id = requiredId(response, action);
        Schema schema = parseSchema(response, action);
        remember(subject, schema, id);
        return new RegisteredSchema(subject, response.body().path("version").asInt(), id, schema);
    }

    private Integer cachedId(String subject, Schema schema) {
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private int remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    private static Map<String, String> schemaBody(Schema schema) {
        return Map.of("schema", schema.toString());
    }

    private static int requiredId(RegistryResponse response, String action) {
        JsonNode id = response.body().path("id");
        if (!id.canConvertToInt()) {
            throw malformed(response, action, "no integer \"id\"");
        }
        return id.asInt();
    }

    private static Schema parseSchema(RegistryResponse response, String action) {
        JsonNode text = response.body().path("schema");
        if (!text.isTextual()) {
            throw malformed(response, action, "no \"schema\" text");
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SerializationException("schema registry " + response.url() + " returned a schema Avro cannot "
                    + "parse while " + action + " (" + e.getMessage() + "); only AVRO schemas are supported", e);
        }
    }

    /** A 2xx without the fields every registry sends: not a registry (a proxy's page, say), not the record's fault. */
    private static RegistryUnavailableException malformed(RegistryResponse response, String action, String problem) {
        return new RegistryUnavailableException("schema registry " + response.url() + " answered HTTP " + response.status()
                + " with " + problem + " while " + action + ": check " + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                + " points at a Confluent-compatible schema registry");
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
