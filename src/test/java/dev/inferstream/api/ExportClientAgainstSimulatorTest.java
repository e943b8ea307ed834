package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.FaultConfig;
import dev.inferstream.harness.sim.FaultKind;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimTls;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real client's export calls against the real simulator over loopback HTTP: every export outcome. */
class ExportClientAgainstSimulatorTest {

    private static final String KEY = "export-sim-key-Wx42";
    private static final ExportRequest PREDICTIONS = new ExportRequest("demo-project", "acme", true, false, true,
            List.of(5L, 6L), List.of("predictions"));
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void givenValidExport_startsProgressesAndFinishes_withADownloadUrlAPlainGetDownloads() throws Exception {
        try (SimulatedApi setup = setup(config -> config.queuedFor(Duration.ofMillis(300))
                .exportDuration(DurationSpec.fixed(Duration.ofMillis(1200))).downloadUrlLifetime(Duration.ofMinutes(10)))) {
            ApiOutcome.ExportStarted started = (ApiOutcome.ExportStarted) setup.start(PREDICTIONS);
            assertThat(started.httpStatus()).isEqualTo(201);
            assertThat(started.statusUrl()).startsWith(setup.simulator.baseUrl() + "/v1/export/status/");
            assertThat(started.exportJobId()).isPresent();
            assertThat(started.status()).contains("initalized");

            List<String> seen = new ArrayList<>();
            ApiOutcome.ExportProgress[] last = new ApiOutcome.ExportProgress[1];
            Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = (ApiOutcome.ExportProgress) setup.status(started.statusUrl());
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(last[0].status())) {
                    seen.add(last[0].status());
                }
                return last[0].isFinished();
            });

            assertThat(seen).endsWith("started", "finished");
            assertThat(seen).allSatisfy(status -> assertThat(status).isIn("initalized", "started", "finished"));
            ApiOutcome.ExportProgress finished = last[0];
            assertThat(finished.error()).isEmpty();
            assertThat(finished.expiresAt()).hasValueSatisfying(expiry -> assertThat(expiry)
                    .isBetween(Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11))));
            HttpResponse<String> file = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(finished.downloadUrl().orElseThrow())).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
            JsonNode content = MAPPER.readTree(file.body());
            assertThat(content.get("annotationLayerNames")).extracting(JsonNode::asText).containsExactly("predictions");
            assertThat(content.get("sourceIds")).extracting(JsonNode::asLong).containsExactly(5L, 6L);
            assertThat(content.get("groupName").asText()).isEqualTo("acme");
            assertThat(setup.simulator.stats().exports().downloads()).isEqualTo(1);
        }
    }

    @Test
    void givenHttpsSimulator_statusAndDownloadUrlsAreHttpsOnItsBase_andTheClientFollowsThemToFinished(@TempDir Path dir)
            throws Exception {
        // The certificate names localhost, so the simulator is reached by that name for hostname verification.
        SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
        try (AnnoLabSimulator simulator = AnnoLabSimulator.startBlocking(SimConfig.defaults().toBuilder().host("localhost")
                .port(0).apiKeys(KEY).serverInstances(1).exportErroredShare(0)
                .exportDuration(DurationSpec.fixed(Duration.ofMillis(300)))
                .tls(new SimTls(Path.of(certificate.certificatePath()), Path.of(certificate.privateKeyPath()))).build());
             VertxAnnoLabClient client = VertxAnnoLabClient.create(AnnoLabClientConfig.of(
                     URI.create(simulator.baseUrl()), ApiKey.of(KEY)).withTruststore(AnnoLabClientConfig.Truststore.of(
                     VertxAnnoLabClientTlsTest.truststore(certificate, "PKCS12", dir.resolve("sim.p12")),
                     VertxAnnoLabClientTlsTest.PASSWORD)))) {
            ExportStartOutcome start = client.startExport(PREDICTIONS).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(start).isInstanceOf(ApiOutcome.ExportStarted.class);
            String statusUrl = ((ApiOutcome.ExportStarted) start).statusUrl();
            assertThat(statusUrl).startsWith("https://localhost:" + simulator.port() + "/v1/export/status/");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> client.exportStatus(statusUrl)
                    .toCompletableFuture().get(10, TimeUnit.SECONDS) instanceof ApiOutcome.ExportProgress progress
                    && progress.downloadUrl().filter(url -> url.startsWith("https://localhost:" + simulator.port() + "/"))
                    .isPresent());
        } finally {
            certificate.delete();
        }
    }

    @Test
    void givenErroredShareOfOne_exportEndsErroredWithTheSimulatorsErrorText() throws Exception {
        try (SimulatedApi setup = setup(config -> config.exportErroredShare(1.0))) {
            String statusUrl = ((ApiOutcome.ExportStarted) setup.start(PREDICTIONS)).statusUrl();

            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    setup.status(statusUrl) instanceof ApiOutcome.ExportProgress progress && progress.isErrored());

            ApiOutcome.ExportProgress errored = (ApiOutcome.ExportProgress) setup.status(statusUrl);
            assertThat(errored.status()).isEqualTo("errored");
            assertThat(errored.error()).hasValueSatisfying(error -> assertThat(error).contains("demo-project"));
            assertThat(errored.downloadUrl()).isEmpty();
        }
    }

    @Test
    void givenUnknownLayer_isRejectedWithTheSimulatorsMessage() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            ExportStartOutcome outcome = setup.start(new ExportRequest("demo-project", "acme", false, false, false,
                    List.of(), List.of("no-such-layer")));

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Rejected.class, rejected -> {
                assertThat(rejected.httpStatus()).isEqualTo(400);
                assertThat(rejected.message()).contains("no-such-layer");
            });
        }
    }

    @Test
    void givenMissingSource_isRejected() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            ExportStartOutcome outcome = setup.start(new ExportRequest("demo-project", "acme", false, false, false,
                    List.of(SimConfig.FIRST_MISSING_SOURCE_ID), List.of()));

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Rejected.class, rejected ->
                    assertThat(rejected.httpStatus()).isEqualTo(400));
        }
    }

    @Test
    void givenWrongKey_isUnauthorized_onBothCalls_andTheKeyIsNowhereInTheOutcomes() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity(), "wrong-key-Yy7")) {
            ExportStartOutcome start = setup.start(PREDICTIONS);
            ExportStatusOutcome status = setup.status(setup.simulator.baseUrl() + "/v1/export/status/1");

            assertThat(start).isInstanceOf(ApiOutcome.Unauthorized.class);
            assertThat(status).isInstanceOf(ApiOutcome.Unauthorized.class);
            assertThat(start.toString() + status).doesNotContain("wrong-key-Yy7");
        }
    }

    @Test
    void givenLockedProject_isForbidden() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            ExportStartOutcome outcome = setup.start(new ExportRequest("locked-project", "acme", false, false, false,
                    List.of(), List.of()));

            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Forbidden.class, forbidden ->
                    assertThat(forbidden.httpStatus()).isEqualTo(403));
        }
    }

    @Test
    void givenUnknownStatusUrl_isNotFound() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            assertThat(setup.status(setup.simulator.baseUrl() + "/v1/export/status/987654"))
                    .isInstanceOf(ApiOutcome.NotFound.class);
        }
    }

    @Test
    void givenStatusUrlOnAForeignHost_isUntrusted_andNoRequestArrivesThere() throws Exception {
        Vertx vertx = Vertx.vertx();
        AtomicInteger foreignArrivals = new AtomicInteger();
        try {
            HttpServer foreign = vertx.createHttpServer()
                    .requestHandler(request -> {
                        foreignArrivals.incrementAndGet();
                        request.response().putHeader("Content-Type", "application/json").end("{\"status\":\"finished\"}");
                    })
                    .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            String foreignBase = "http://127.0.0.1:" + foreign.actualPort();
            try (SimulatedApi setup = setup(config -> config.exportStatusBase(URI.create(foreignBase)))) {
                ExportStartOutcome start = setup.start(PREDICTIONS);
                ExportStatusOutcome status = setup.status(foreignBase + "/v1/export/status/1");

                assertThat(start).isInstanceOfSatisfying(ApiOutcome.UntrustedStatusUrl.class, untrusted ->
                        assertThat(untrusted.httpStatus()).isEqualTo(201));
                assertThat(status).isInstanceOfSatisfying(ApiOutcome.UntrustedStatusUrl.class, untrusted -> {
                    assertThat(untrusted.httpStatus()).isEqualTo(ApiOutcome.NO_RESPONSE);
                    assertThat(untrusted.message()).doesNotContain(KEY);
                });
                assertThat(setup.simulator.stats().exports().started()).isEqualTo(1);
            }
            assertThat(foreignArrivals).hasValue(0);
            // The count above is only evidence if the foreign server counts what does reach it.
            HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(foreignBase + "/probe")).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(foreignArrivals).hasValue(1);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void given429Fault_bothCallsAreRateLimitedWithTheRetryAfter() throws Exception {
        try (SimulatedApi setup = setup(config -> config.faults(FaultConfig.none()
                .withProbability(FaultKind.RATE_LIMITED, 1.0).withRetryAfterSeconds(4)))) {
            assertThat(setup.start(PREDICTIONS)).isInstanceOfSatisfying(ApiOutcome.RateLimited.class, limited ->
                    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(4)));
            assertThat(setup.status(setup.simulator.baseUrl() + "/v1/export/status/1"))
                    .isInstanceOf(ApiOutcome.RateLimited.class);
        }
    }

    @Test
    void given5xxFaults_bothCallsAreTransientWithTheStatus() throws Exception {
        try (SimulatedApi setup = setup(config -> config.fault(FaultKind.BAD_GATEWAY, 1.0))) {
            assertThat(setup.start(PREDICTIONS)).isInstanceOfSatisfying(ApiOutcome.Transient.class, failure ->
                    assertThat(failure.httpStatus()).isEqualTo(502));
            assertThat(setup.status(setup.simulator.baseUrl() + "/v1/export/status/1"))
                    .isInstanceOfSatisfying(ApiOutcome.Transient.class, failure ->
                            assertThat(failure.httpStatus()).isEqualTo(502));
        }
    }

    private static SimulatedApi setup(UnaryOperator<SimConfig.Builder> configure) {
        return setup(configure, KEY);
    }

    private static SimulatedApi setup(UnaryOperator<SimConfig.Builder> configure, String clientKey) {
        return new SimulatedApi(configure.apply(SimConfig.defaults().toBuilder().port(0).apiKeys(KEY).serverInstances(1)
                .exportErroredShare(0).exportDuration(DurationSpec.fixed(Duration.ofMillis(300)))).build(), clientKey);
    }
}
