package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static dev.inferstream.harness.sim.TestConfigs.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExportEndpointTest {

    private static final String PREDICTIONS = SimClient.exportBody("demo-project", List.of("predictions"), 5, 6);

    private static AnnoLabSimulator sim;
    private static SimClient client;

    @BeforeAll
    static void start() {
        sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build());
        client = new SimClient(sim);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void givenValidBody_answers201WithAnAbsoluteStatusUrlOnTheSimulatorsOwnBase() throws Exception {
        SimClient.Answer answer = client.export(PREDICTIONS, KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode json = answer.json();
        assertThat(json.get("message").asText()).isNotBlank();
        long id = json.get("exportJob").get("id").asLong();
        assertThat(id).isPositive();
        assertThat(json.get("exportJob").get("status").asText()).isEqualTo("initalized");
        assertThat(json.get("exportStatusUrl").asText()).isEqualTo(sim.baseUrl() + "/v1/export/status/" + id);
    }

    @Test
    void givenProjectByIntegerIdAndNoRestrictions_isAccepted() throws Exception {
        String body = "{\"projectIdentifier\":1,\"groupName\":\"g\",\"includeSchemas\":false,"
                + "\"includeSources\":false,\"includeTextBounds\":false}";

        assertThat(client.export(body, KEY).status()).isEqualTo(201);
    }

    static Stream<Arguments> badBodies() {
        String flags = "\"includeSchemas\":true,\"includeSources\":true,\"includeTextBounds\":true";
        return Stream.of(
                arguments("not JSON", "{nope", "JSON"),
                arguments("not an object", "[1]", "object"),
                arguments("missing projectIdentifier", "{\"groupName\":\"g\"," + flags + "}", "projectIdentifier"),
                arguments("zero project id", "{\"projectIdentifier\":0,\"groupName\":\"g\"," + flags + "}", "projectIdentifier"),
                arguments("missing groupName", "{\"projectIdentifier\":\"demo-project\"," + flags + "}", "groupName"),
                arguments("missing includeSchemas", "{\"projectIdentifier\":\"demo-project\",\"groupName\":\"g\","
                        + "\"includeSources\":true,\"includeTextBounds\":true}", "includeSchemas"),
                arguments("includeSources as text", "{\"projectIdentifier\":\"demo-project\",\"groupName\":\"g\","
                        + "\"includeSchemas\":true,\"includeSources\":\"yes\",\"includeTextBounds\":true}", "includeSources"),
                arguments("empty sourceIds", "{\"projectIdentifier\":\"demo-project\",\"groupName\":\"g\"," + flags
                        + ",\"sourceIds\":[]}", "sourceIds"),
                arguments("negative source id", SimClient.exportBody("demo-project", List.of(), -4), "sourceIds"),
                arguments("layer names not strings", "{\"projectIdentifier\":\"demo-project\",\"groupName\":\"g\"," + flags
                        + ",\"annotationLayerNames\":[10]}", "annotationLayerNames"),
                arguments("unknown project", SimClient.exportBody("no-such-project", List.of()), "no-such-project"),
                arguments("unknown layer", SimClient.exportBody("demo-project", List.of("Gold Set")), "Gold Set"),
                arguments("missing source", SimClient.exportBody("demo-project", List.of(), 5,
                        SimConfig.FIRST_MISSING_SOURCE_ID), Long.toString(SimConfig.FIRST_MISSING_SOURCE_ID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void givenBadBodyOrUnknownTarget_answers400NamingTheProblem(String name, String body, String named) throws Exception {
        SimClient.Answer answer = client.export(body, KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("message").asText()).contains(named);
    }

    @Test
    void givenWrongOrMissingKey_answers401() throws Exception {
        assertThat(client.export(PREDICTIONS, "wrong").status()).isEqualTo(401);
        assertThat(client.getUrl(sim.baseUrl() + "/v1/export/status/1", Optional.empty()).status()).isEqualTo(401);
    }

    @Test
    void givenLockedProject_answers403() throws Exception {
        SimClient.Answer answer = client.export(SimClient.exportBody("locked-project", List.of()), KEY);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().get("message").asText()).contains("locked-project");
    }

    @Test
    void givenUnknownExportOrAnotherAccountsExport_statusAnswers404() throws Exception {
        String statusUrl = client.exportOk(PREDICTIONS, KEY);

        assertThat(client.getUrl(statusUrl, Optional.of(OTHER_KEY)).status()).isEqualTo(404);
        assertThat(client.get("/v1/export/status/987654", KEY).status()).isEqualTo(404);
        assertThat(client.get("/v1/export/status/not-a-number", KEY).status()).isEqualTo(404);
    }

    @Test
    void givenTime_exportMovesThroughInitalizedAndStartedToFinished_andItsFileDownloadsWithoutTheKey() throws Exception {
        SimConfig config = TestConfigs.quick().queuedFor(Duration.ofMillis(800))
                .exportDuration(DurationSpec.fixed(Duration.ofMillis(1600))).build();
        try (AnnoLabSimulator slow = AnnoLabSimulator.startBlocking(config)) {
            SimClient slowClient = new SimClient(slow);
            String statusUrl = slowClient.exportOk(PREDICTIONS, KEY);
            List<String> seen = new ArrayList<>();
            JsonNode[] last = new JsonNode[1];

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
                last[0] = slowClient.getUrl(statusUrl, Optional.of(KEY)).json();
                String status = last[0].get("status").asText();
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                    seen.add(status);
                }
                return status.equals("finished");
            });

            assertThat(seen).containsExactly("initalized", "started", "finished");
            String downloadUrl = last[0].get("downloadUrl").asText();
            assertThat(downloadUrl).startsWith(slow.baseUrl() + "/").contains("expires=").contains("signature=");
            SimClient.Answer file = slowClient.getUrl(downloadUrl, Optional.empty());
            assertThat(file.status()).as(file.body()).isEqualTo(200);
            assertThat(file.json().get("project").get("name").asText()).isEqualTo("demo-project");
            assertThat(file.json().get("annotationLayerNames")).extracting(JsonNode::asText).containsExactly("predictions");
            assertThat(file.json().get("sourceIds")).extracting(JsonNode::asLong).containsExactly(5L, 6L);
            assertThat(file.json().get("annotations")).isNotEmpty()
                    .allSatisfy(annotation -> assertThat(annotation.get("layer").asText()).isEqualTo("predictions"));
        }
    }

    @Test
    void givenDownloadUrl_expiresAtTheSecondItStates() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick()
                .exportDuration(DurationSpec.fixed(Duration.ZERO)).downloadUrlLifetime(Duration.ofSeconds(1)).build())) {
            SimClient client = new SimClient(sim);
            String downloadUrl = client.getUrl(client.exportOk(PREDICTIONS, KEY), Optional.of(KEY))
                    .json().get("downloadUrl").asText();
            long expires = Long.parseLong(URI.create(downloadUrl).getQuery().replaceAll(".*expires=(\\d+).*", "$1"));

            assertThat(Instant.ofEpochSecond(expires)).isAfter(Instant.now()).isBefore(Instant.now().plusSeconds(3));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> client.getUrl(downloadUrl, Optional.empty()).status() == 403);
            SimClient.Answer expired = client.getUrl(downloadUrl, Optional.empty());
            assertThat(expired.body()).contains("<Code>AccessDenied</Code>").contains("expired");
            assertThat(Instant.now()).isAfter(Instant.ofEpochSecond(expires));
        }
    }

    @Test
    void givenForgedSignatureOrStretchedExpiry_downloadAnswers403_andAResetExportAnswers404() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick()
                .exportDuration(DurationSpec.fixed(Duration.ZERO)).build())) {
            SimClient client = new SimClient(sim);
            String downloadUrl = client.getUrl(client.exportOk(PREDICTIONS, KEY), Optional.of(KEY))
                    .json().get("downloadUrl").asText();
            String signature = downloadUrl.replaceAll(".*signature=([0-9a-f]+).*", "$1");
            char flipped = signature.charAt(0) == '0' ? '1' : '0';
            String forged = downloadUrl.replace("signature=" + signature, "signature=" + flipped + signature.substring(1));
            String stretched = downloadUrl.replaceAll("expires=(\\d+)", "expires=9999999999");

            assertThat(client.getUrl(downloadUrl, Optional.empty()).status()).isEqualTo(200);
            SimClient.Answer refused = client.getUrl(forged, Optional.empty());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("SignatureDoesNotMatch");
            assertThat(client.getUrl(stretched, Optional.empty()).status()).isEqualTo(403);
            assertThat(client.getUrl(downloadUrl.replaceAll("\\?.*", ""), Optional.empty()).status()).isEqualTo(403);

            client.post("/_sim/reset");

            SimClient.Answer gone = client.getUrl(downloadUrl, Optional.empty());
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.body()).contains("NoSuchKey");
        }
    }

    @Test
    void givenErroredShareOfOne_exportEndsErroredWithAnErrorAndNoDownloadUrl() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().exportErroredShare(1.0).build())) {
            SimClient client = new SimClient(sim);
            String statusUrl = client.exportOk(PREDICTIONS, KEY);

            await().atMost(Duration.ofSeconds(10)).until(() ->
                    client.getUrl(statusUrl, Optional.of(KEY)).json().get("status").asText().equals("errored"));

            JsonNode errored = client.getUrl(statusUrl, Optional.of(KEY)).json();
            assertThat(errored.get("error").asText()).contains("demo-project");
            assertThat(errored.has("downloadUrl")).isFalse();
            assertThat(sim.stats().exports().errored()).isEqualTo(1);
            assertThat(sim.stats().exports().finished()).isZero();
        }
    }

    @Test
    void givenErroredShareOfAThird_aboutAThirdOfManyExportsError() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().exportErroredShare(1.0 / 3)
                .exportDuration(DurationSpec.fixed(Duration.ZERO)).build())) {
            SimClient client = new SimClient(sim);
            for (int i = 0; i < 150; i++) {
                client.exportOk(PREDICTIONS, KEY);
            }

            ExportStats stats = sim.stats().exports();

            assertThat(stats.finished() + stats.errored()).isEqualTo(150);
            assertThat(stats.errored()).isBetween(30L, 70L);
        }
    }

    @Test
    void givenFaults_exportCallsMeetThemAsInferenceCallsDo() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick()
                .faults(FaultConfig.none().withProbability(FaultKind.RATE_LIMITED, 1.0).withRetryAfterSeconds(3))
                .build())) {
            SimClient client = new SimClient(sim);

            SimClient.Answer limited = client.export(PREDICTIONS, KEY);
            assertThat(limited.status()).isEqualTo(429);
            assertThat(limited.retryAfter()).contains("3");
            assertThat(client.get("/v1/export/status/1", KEY).status()).isEqualTo(429);
            assertThat(sim.stats().faults(FaultKind.RATE_LIMITED)).isEqualTo(2);
            assertThat(sim.stats().exports().started()).isZero();
        }
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().fault(FaultKind.UNAVAILABLE, 1.0).build())) {
            assertThat(new SimClient(sim).export(PREDICTIONS, KEY).status()).isEqualTo(503);
        }
    }

    @Test
    void givenForeignStatusBase_statusUrlPointsThere_whileDownloadUrlsStayOnTheSimulator() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick()
                .exportStatusBase(URI.create("http://elsewhere.example:9999/api/")).build())) {
            SimClient.Answer answer = new SimClient(sim).export(PREDICTIONS, KEY);
            long id = answer.json().get("exportJob").get("id").asLong();

            assertThat(answer.json().get("exportStatusUrl").asText())
                    .isEqualTo("http://elsewhere.example:9999/api/v1/export/status/" + id);
        }
    }

    @Test
    void givenExportTraffic_statsCountItAndResetForgetsIt() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick()
                .exportDuration(DurationSpec.fixed(Duration.ZERO)).build())) {
            SimClient client = new SimClient(sim);
            String statusUrl = client.exportOk(PREDICTIONS, KEY);
            client.export(SimClient.exportBody("no-such-project", List.of()), KEY);
            String downloadUrl = client.getUrl(statusUrl, Optional.of(KEY)).json().get("downloadUrl").asText();
            client.getUrl(statusUrl, Optional.of(KEY));
            client.getUrl(downloadUrl, Optional.empty());
            client.getUrl(downloadUrl.replace("signature=", "signature=0"), Optional.empty());

            assertThat(sim.stats().exports()).isEqualTo(new ExportStats(2, 1, 1, 0, 2, 1, 1));
            assertThat(sim.stats().callArrivals()).hasSize(4);
            JsonNode json = client.get("/_sim/stats").json().get("exports");
            assertThat(json.get("started").asLong()).isEqualTo(1);
            assertThat(json.get("downloads").asLong()).isEqualTo(1);
            assertThat(json.get("statusChecks").asLong()).isEqualTo(2);

            client.post("/_sim/reset");

            assertThat(sim.stats().exports()).isEqualTo(new ExportStats(0, 0, 0, 0, 0, 0, 0));
        }
    }
}
