package dev.inferstream.api;

import static dev.inferstream.api.VertxAnnoLabClientTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimTls;
import io.vertx.core.net.SelfSignedCertificate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real client against the simulator in TLS mode, with a self-signed certificate made at test time. */
class ClientAgainstTlsSimulatorTest {

    private static final String KEY = "tls-sim-key-R2d9";
    private static final SubmitRequest VALID = new SubmitRequest("demo-project", "fast-model", List.of(7L),
            new SubmitRequest.OutputLayer.Named("predictions"), "acme");

    static SelfSignedCertificate certificate;
    static AnnoLabSimulator simulator;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        // The certificate names localhost, so the simulator is reached by that name for hostname verification.
        certificate = SelfSignedCertificate.create("localhost");
        simulator = AnnoLabSimulator.startBlocking(SimConfig.defaults().toBuilder()
                .host("localhost")
                .port(0)
                .apiKeys(KEY)
                .tls(new SimTls(Path.of(certificate.certificatePath()), Path.of(certificate.privateKeyPath())))
                .build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
        certificate.delete();
    }

    @Test
    void baseUrl_isHttps() {
        assertThat(simulator.baseUrl()).startsWith("https://localhost:");
    }

    @Test
    void givenTruststoreWithTheSimulatorsCertificate_submitIsAccepted() throws Exception {
        Path truststore = VertxAnnoLabClientTlsTest.truststore(certificate, "PKCS12", dir.resolve("sim.p12"));
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(config()
                .withTruststore(AnnoLabClientConfig.Truststore.of(truststore, VertxAnnoLabClientTlsTest.PASSWORD)))) {

            assertThat(await(client.submit(VALID))).isInstanceOf(ApiOutcome.Accepted.class);
        }
    }

    @Test
    void givenNoTruststore_failsAsTransientNamingTheCertificate_andNoJobIsCreated() throws Exception {
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(config())) {

            assertThat(await(client.submit(VALID))).isInstanceOfSatisfying(ApiOutcome.Transient.class, failure -> {
                assertThat(failure.cause()).startsWith("TLS handshake failed").contains("certificate");
                assertThat(failure.httpStatus()).isEqualTo(ApiOutcome.NO_RESPONSE);
            });
        }
        assertThat(simulator.stats().submits()).as("submits that reached the simulator's handler").isZero();
    }

    private static AnnoLabClientConfig config() {
        return AnnoLabClientConfig.of(URI.create(simulator.baseUrl()), ApiKey.of(KEY))
                .withConnectTimeout(Duration.ofSeconds(2))
                .withRequestTimeout(Duration.ofSeconds(5));
    }
}
