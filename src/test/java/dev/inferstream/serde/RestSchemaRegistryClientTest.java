package dev.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferstream.events.InferenceRequested;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RestSchemaRegistryClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBJECT = "inference-requested-value";
    private static final Schema SCHEMA = InferenceRequested.getClassSchema();

    private FakeSchemaRegistry server;

    @BeforeEach
    void startServer() throws IOException {
        server = FakeSchemaRegistry.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void register_postsTheSchemaWithTheRegistryContentTypeAndReturnsTheId() throws IOException {
        server.answer("POST", "/subjects/" + SUBJECT + "/versions", 200, "{\"id\":21}");

        int id = client().register(SUBJECT, SCHEMA);

        assertThat(id).isEqualTo(21);
        FakeSchemaRegistry.Recorded request = server.requests().get(0);
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        JsonNode body = JSON.readTree(request.body());
        assertThat(new Schema.Parser().parse(body.get("schema").asText())).isEqualTo(SCHEMA);
    }

    @Test
    void registeringTheSameSchemaTwice_callsTheRegistryOnce() {
        server.answer("POST", "/subjects/" + SUBJECT + "/versions", 200, "{\"id\":21}");
        RestSchemaRegistryClient client = client();

        client.register(SUBJECT, SCHEMA);
        int again = client.register(SUBJECT, SCHEMA);

        assertThat(again).isEqualTo(21);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void lookup_returnsTheIdAndCachesBothDirections() {
        server.answer("POST", "/subjects/" + SUBJECT, 200, lookupAnswer(SUBJECT, 3, 34, SCHEMA));
        RestSchemaRegistryClient client = client();

        int id = client.idOf(SUBJECT, SCHEMA);
        int again = client.idOf(SUBJECT, SCHEMA);
        Schema byId = client.schemaById(34);

        assertThat(id).isEqualTo(34);
        assertThat(again).isEqualTo(34);
        assertThat(byId).isEqualTo(SCHEMA);
        assertThat(server.requests()).extracting(FakeSchemaRegistry.Recorded::path).containsExactly("/subjects/" + SUBJECT);
    }

    @Test
    void schemaById_fetchesParsesAndCachesTheSchema() {
        server.answer("GET", "/schemas/ids/7", 200, json(Map.of("schema", SCHEMA.toString())));
        RestSchemaRegistryClient client = client();

        Schema first = client.schemaById(7);
        Schema second = client.schemaById(7);

        assertThat(first).isEqualTo(SCHEMA);
        assertThat(second).isSameAs(first);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void latest_returnsVersionIdAndSchema() {
        server.answer("GET", "/subjects/" + SUBJECT + "/versions/latest", 200, lookupAnswer(SUBJECT, 5, 40, SCHEMA));

        RegisteredSchema latest = client().latest(SUBJECT);

        assertThat(latest).isEqualTo(new RegisteredSchema(SUBJECT, 5, 40, SCHEMA));
    }

    @Test
    void givenSubjectNotFound_throwsSerializationExceptionSayingToRegisterFirst() {
        server.answer("POST", "/subjects/" + SUBJECT, 404, "{\"error_code\":40401,\"message\":\"Subject not found.\"}");

        assertThatThrownBy(() -> client().idOf(SUBJECT, SCHEMA))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("subject '" + SUBJECT + "' not found")
                .hasMessageContaining("40401")
                .hasMessageContaining(server.url())
                .hasMessageContaining("auto.register.schemas=true");
    }

    @Test
    void givenSchemaNotUnderSubject_throwsSerializationExceptionSayingToRegisterIt() {
        server.answer("POST", "/subjects/" + SUBJECT, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

        assertThatThrownBy(() -> client().idOf(SUBJECT, SCHEMA))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("not registered under subject '" + SUBJECT + "'")
                .hasMessageContaining("40403");
    }

    @Test
    void givenUnknownSchemaId_throwsSerializationExceptionPointingAtTheRegistryUrl() {
        server.answer("GET", "/schemas/ids/99", 404, "{\"error_code\":40403,\"message\":\"Schema 99 not found\"}");

        assertThatThrownBy(() -> client().schemaById(99))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 99 not found")
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void givenNoVersionForLatest_throwsSerializationExceptionNamingUseLatestVersion() {
        server.answer("GET", "/subjects/" + SUBJECT + "/versions/latest", 404,
                "{\"error_code\":40402,\"message\":\"Version not found.\"}");

        assertThatThrownBy(() -> client().latest(SUBJECT))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("40402")
                .hasMessageContaining("use.latest.version=false");
    }

    @Test
    void givenUnauthorized_throwsSerializationExceptionNamingTheCredentialsSettingButNotThePassword() {
        server.answer("GET", "/schemas/ids/1", 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of(server.url()), Optional.of(new BasicAuthCredentials("svc", "s3cret-pw")));

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HTTP 401")
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void givenForbidden_throwsSerializationExceptionNamingTheCredentialsSetting() {
        server.answer("POST", "/subjects/" + SUBJECT + "/versions", 403, "{\"error_code\":40301,\"message\":\"Forbidden\"}");

        assertThatThrownBy(() -> client().register(SUBJECT, SCHEMA))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("basic.auth.user.info");
    }

    @Test
    void givenServerError_throwsSerializationExceptionSayingTheRegistryFailed() {
        server.answer("GET", "/schemas/ids/1", 500, "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

        assertThatThrownBy(() -> client().schemaById(1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("Error in the backend data store")
                .hasMessageContaining("registry itself failed");
    }

    @Test
    void givenIncompatibleSchema_throwsSerializationExceptionAdvisingBackwardEvolution() {
        server.answer("POST", "/subjects/" + SUBJECT + "/versions", 409,
                "{\"error_code\":409,\"message\":\"Schema being registered is incompatible with an earlier schema\"}");

        assertThatThrownBy(() -> client().register(SUBJECT, SCHEMA))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("incompatible")
                .hasMessageContaining("BACKWARD");
    }

    @Test
    void givenANonJsonErrorPage_quotesItsStartInTheMessage() {
        server.answer("GET", "/schemas/ids/1", 502, "<html><body>Bad Gateway</body></html>");

        assertThatThrownBy(() -> client().schemaById(1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("HTTP 502")
                .hasMessageContaining("Bad Gateway");
    }

    @Test
    void givenBasicAuth_sendsTheAuthorizationHeader() {
        server.answer("GET", "/schemas/ids/7", 200, json(Map.of("schema", SCHEMA.toString())));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of(server.url()), Optional.of(new BasicAuthCredentials("svc", "s3cret-pw")));

        client.schemaById(7);

        String expected = "Basic " + Base64.getEncoder().encodeToString("svc:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        assertThat(server.requests().get(0).authorization()).isEqualTo(expected);
    }

    @Test
    void givenFirstUrlDown_failsOverToTheNext() throws IOException {
        server.answer("GET", "/schemas/ids/7", 200, json(Map.of("schema", SCHEMA.toString())));
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(
                List.of(FakeSchemaRegistry.closedPortUrl(), server.url()), Optional.empty());

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void givenHttpErrorFromFirstUrl_doesNotAskTheNext() throws IOException {
        server.answer("GET", "/schemas/ids/1", 500, "{\"error_code\":50001,\"message\":\"store down\"}");
        try (FakeSchemaRegistry second = FakeSchemaRegistry.start()) {
            second.answer("GET", "/schemas/ids/1", 200, json(Map.of("schema", SCHEMA.toString())));
            RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(server.url(), second.url()), Optional.empty());

            assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(SerializationException.class);
            assertThat(second.requests()).isEmpty();
        }
    }

    @Test
    void givenRegistryDown_throwsSerializationExceptionNamingEveryUrlTried() throws IOException {
        String first = FakeSchemaRegistry.closedPortUrl();
        String second = FakeSchemaRegistry.closedPortUrl();
        RestSchemaRegistryClient client = new RestSchemaRegistryClient(List.of(first, second), Optional.empty());

        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("unreachable")
                .hasMessageContaining(first + "/schemas/ids/1")
                .hasMessageContaining(second + "/schemas/ids/1")
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void serdeOverRest_roundTripsThroughTheWireFormat() {
        server.answer("POST", "/subjects/" + SUBJECT + "/versions", 200, "{\"id\":12}");
        SpecificAvroSerde<InferenceRequested> producer = new SpecificAvroSerde<>();
        producer.configure(Map.of("schema.registry.url", server.url()), false);
        server.answer("GET", "/schemas/ids/12", 200, json(Map.of("schema", SCHEMA.toString())));
        SpecificAvroSerde<InferenceRequested> consumer = new SpecificAvroSerde<>(InferenceRequested.class);
        consumer.configure(Map.of("schema.registry.url", server.url()), false);

        byte[] bytes = producer.serializer().serialize("inference-requested", Records.requested("r-rest"));
        InferenceRequested decoded = consumer.deserializer().deserialize("inference-requested", bytes);

        assertThat(WireFormat.schemaId(bytes)).isEqualTo(12);
        assertThat(decoded).isEqualTo(Records.requested("r-rest"));
    }

    @Test
    void givenRegistryDown_serializeThrowsSerializationExceptionNamingTheUrl() throws IOException {
        String down = FakeSchemaRegistry.closedPortUrl();
        SpecificAvroSerde<InferenceRequested> serde = new SpecificAvroSerde<>();
        serde.configure(Map.of("schema.registry.url", down), false);

        assertThatThrownBy(() -> serde.serializer().serialize("inference-requested", Records.requested("r-down")))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining(down + "/subjects/" + SUBJECT + "/versions");
    }

    private RestSchemaRegistryClient client() {
        return new RestSchemaRegistryClient(List.of(server.url()), Optional.empty());
    }

    private static String lookupAnswer(String subject, int version, int id, Schema schema) {
        return json(Map.of("subject", subject, "version", version, "id", id, "schema", schema.toString()));
    }

    private static String json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
