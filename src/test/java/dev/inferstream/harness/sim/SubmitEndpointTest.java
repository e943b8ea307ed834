package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SubmitEndpointTest {

    private static AnnoLabSimulator sim;
    private static AnnoLabSimulator trailingCommaSim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build());
        trailingCommaSim = AnnoLabSimulator.startBlocking(TestConfigs.quick().trailingComma(true).build());
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
        trailingCommaSim.close();
    }

    @Test
    void givenValidBody_answers201WithTheDocumentedFields() throws Exception {
        SimClient.Answer answer = client.submit(SimClient.body("demo-project", "fast-model", "predictions", 5, 6), KEY);

        assertThat(answer.status()).isEqualTo(201);
        JsonNode json = answer.json();
        assertThat(json.get("inferenceJobId").isIntegralNumber()).isTrue();
        assertThat(json.get("inferenceJobId").asLong()).isPositive();
        assertThat(json.get("status").asText()).isEqualTo("Queued");
        assertThat(json.get("projectName").asText()).isEqualTo("demo-project");
        assertThat(json.get("projectId").asLong()).isEqualTo(1);
        assertThat(json.get("outputLayerName").asText()).isEqualTo("predictions");
        assertThat(json.get("outputLayerId").asLong()).isEqualTo(10);
        assertThat(json.get("sourceIds")).extracting(JsonNode::asLong).containsExactly(5L, 6L);
    }

    @Test
    void givenIdsInsteadOfNames_resolvesTheSameProjectModelAndLayer() throws Exception {
        String body = "{\"projectIdentifier\":\"1\",\"modelIdentifier\":\"100\",\"sourceIds\":[7],"
                + "\"outputLayerIdentifier\":11,\"groupName\":\"g\"}";

        JsonNode json = client.submit(body, KEY).json();

        assertThat(json.get("projectName").asText()).isEqualTo("demo-project");
        assertThat(json.get("outputLayerName").asText()).isEqualTo("entities");
        assertThat(json.get("outputLayerId").asLong()).isEqualTo(11);
    }

    @Test
    void givenTheDefaultCatalogue_annoLabsDocumentedExampleRequestGetsA201() throws Exception {
        String documented = "{\"groupName\":\"Company\",\"projectIdentifier\":\"Sample Project\","
                + "\"modelIdentifier\":\"Staple + Classify Documents\",\"sourceIds\":[3240,4414],"
                + "\"outputLayerIdentifier\":\"Gold Set\"}";
        try (AnnoLabSimulator defaults = AnnoLabSimulator.startBlocking(
                SimConfig.defaults().toBuilder().port(0).apiKeys(KEY).build())) {
            SimClient.Answer answer = new SimClient(defaults).submit(documented, KEY);

            assertThat(answer.status()).as(answer.body()).isEqualTo(201);
            assertThat(answer.json().get("projectName").asText()).isEqualTo("Sample Project");
            assertThat(answer.json().get("outputLayerName").asText()).isEqualTo("Gold Set");
            assertThat(answer.json().get("sourceIds")).extracting(JsonNode::asLong).containsExactly(3240L, 4414L);
        }
    }

    @Test
    void givenSuccessiveSubmits_assignsIncreasingIntegerJobIds() throws Exception {
        String body = SimClient.body("demo-project", "fast-model", "predictions", 1);

        long first = client.submitOk(body, KEY);
        long second = client.submitOk(body, KEY);

        assertThat(second).isGreaterThan(first);
    }

    @Test
    void givenTrailingCommaOff_answersStrictJson() throws Exception {
        String body = client.submit(SimClient.body("demo-project", "fast-model", "predictions", 1), KEY).body();

        assertThat(body).endsWith("]}").doesNotContain(",}");
    }

    @Test
    void givenTrailingCommaOn_answersWithACommaBeforeTheClosingBrace() throws Exception {
        SimClient.Answer answer = new SimClient(trailingCommaSim)
                .submit(SimClient.body("demo-project", "fast-model", "predictions", 1), KEY);

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).endsWith("],}");
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                arguments("not JSON", "{nope"),
                arguments("not an object", "[1,2]"),
                arguments("empty body", ""),
                arguments("missing projectIdentifier", "{\"modelIdentifier\":\"fast-model\",\"sourceIds\":[1],\"outputLayerIdentifier\":\"predictions\",\"groupName\":\"g\"}"),
                arguments("missing modelIdentifier", "{\"projectIdentifier\":\"demo-project\",\"sourceIds\":[1],\"outputLayerIdentifier\":\"predictions\",\"groupName\":\"g\"}"),
                arguments("missing sourceIds", "{\"projectIdentifier\":\"demo-project\",\"modelIdentifier\":\"fast-model\",\"outputLayerIdentifier\":\"predictions\",\"groupName\":\"g\"}"),
                arguments("missing outputLayerIdentifier", "{\"projectIdentifier\":\"demo-project\",\"modelIdentifier\":\"fast-model\",\"sourceIds\":[1],\"groupName\":\"g\"}"),
                arguments("missing groupName", "{\"projectIdentifier\":\"demo-project\",\"modelIdentifier\":\"fast-model\",\"sourceIds\":[1],\"outputLayerIdentifier\":\"predictions\"}"),
                arguments("blank projectIdentifier", SimClient.body(" ", "fast-model", "predictions", 1)),
                arguments("blank outputLayerIdentifier", SimClient.body("demo-project", "fast-model", "", 1)),
                arguments("empty sourceIds", SimClient.body("demo-project", "fast-model", "predictions")),
                arguments("zero source id", SimClient.body("demo-project", "fast-model", "predictions", 1, 0)),
                arguments("negative source id", SimClient.body("demo-project", "fast-model", "predictions", -3)),
                arguments("fractional source id", "{\"projectIdentifier\":\"demo-project\",\"modelIdentifier\":\"fast-model\",\"sourceIds\":[1.5],\"outputLayerIdentifier\":\"predictions\",\"groupName\":\"g\"}"),
                arguments("unknown project", SimClient.body("no-such-project", "fast-model", "predictions", 1)),
                arguments("unknown model", SimClient.body("demo-project", "no-such-model", "predictions", 1)),
                arguments("unknown layer", SimClient.body("demo-project", "fast-model", "no-such-layer", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void givenBadBody_answers400WithAMessage(String why, String body) throws Exception {
        SimClient.Answer answer = client.submit(body, KEY);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("message").asText()).isNotBlank();
    }

    @Test
    void givenMissingKey_answers401() throws Exception {
        SimClient.Answer answer = client.submitWithoutKey(SimClient.body("demo-project", "fast-model", "predictions", 1));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("message").asText()).isNotBlank();
    }

    @Test
    void givenWrongKey_answers401() throws Exception {
        SimClient.Answer answer = client.submit(SimClient.body("demo-project", "fast-model", "predictions", 1), "wrong");

        assertThat(answer.status()).isEqualTo(401);
    }

    @Test
    void givenProjectWithoutPermission_answers403() throws Exception {
        SimClient.Answer answer = client.submit(SimClient.body("locked-project", "fast-model", "predictions", 1), KEY);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("message").asText()).contains("locked-project");
    }
}
