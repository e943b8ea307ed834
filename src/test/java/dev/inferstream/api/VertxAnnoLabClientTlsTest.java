package dev.inferstream.api;

import static dev.inferstream.api.VertxAnnoLabClientTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferstream.api.ApiOutcome.JobStatus;
import dev.inferstream.api.ApiOutcome.Transient;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.SelfSignedCertificate;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS against a certificate made at test time, which no JVM trusts by default. */
class VertxAnnoLabClientTlsTest {

    static final String PASSWORD = "changeit-7731";
    static final String RUNNING = "{\"inferenceJobId\": 9, \"status\": \"Running\"}";

    static Vertx serverVertx;
    static SelfSignedCertificate certificate;
    static ScriptedServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        serverVertx = Vertx.vertx();
        certificate = SelfSignedCertificate.create("localhost");
        server = ScriptedServer.tls(serverVertx, certificate.keyCertOptions()).answer(200, RUNNING);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        serverVertx.close().await(10, TimeUnit.SECONDS);
        certificate.delete();
    }

    @Test
    void givenPkcs12TruststoreWithTheServerCertificate_succeedsOverHttp2() throws Exception {
        Path truststore = truststore(certificate, "PKCS12", dir.resolve("trust.p12"));
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(tlsConfig()
                .withTruststore(AnnoLabClientConfig.Truststore.of(truststore, PASSWORD)))) {

            assertThat(await(client.status(9))).isInstanceOf(JobStatus.class);
        }
        assertThat(server.received()).last()
                .satisfies(received -> assertThat(received.version()).isEqualTo(HttpVersion.HTTP_2));
    }

    @Test
    void givenJksTruststoreWithTheServerCertificate_succeeds() throws Exception {
        Path truststore = truststore(certificate, "JKS", dir.resolve("trust.jks"));
        AnnoLabClientConfig.Truststore jks = AnnoLabClientConfig.Truststore.of(truststore, PASSWORD);
        assertThat(jks.format()).isEqualTo(AnnoLabClientConfig.Truststore.Format.JKS);
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(tlsConfig().withTruststore(jks))) {

            assertThat(await(client.status(9))).isInstanceOf(JobStatus.class);
        }
    }

    @Test
    void givenNoTruststore_returnsTransientNamingTheUntrustedCertificate() throws Exception {
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(tlsConfig())) {

            assertThat(await(client.status(9))).isInstanceOfSatisfying(Transient.class, failure -> {
                assertThat(failure.cause()).startsWith("TLS handshake failed").contains("certificate");
                assertThat(failure.httpStatus()).isEqualTo(ApiOutcome.NO_RESPONSE);
            });
        }
    }

    @Test
    void givenWrongTruststorePassword_failsAtStartWithoutRevealingIt() throws Exception {
        Path truststore = truststore(certificate, "PKCS12", dir.resolve("wrong.p12"));
        AnnoLabClientConfig config = tlsConfig()
                .withTruststore(AnnoLabClientConfig.Truststore.of(truststore, "not-the-password"));

        assertThatThrownBy(() -> VertxAnnoLabClient.create(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong.p12")
                .hasMessageNotContaining("not-the-password");
    }

    /**
     * A cold TLS handshake took over 2 s on a loaded 2-core machine, and a call timeout that fires first
     * hides the handshake's own failure; the calls here are answered in milliseconds when things work.
     */
    private static AnnoLabClientConfig tlsConfig() {
        return VertxAnnoLabClientTest.config(server.baseUrl()).withRequestTimeout(Duration.ofSeconds(8));
    }

    /** A truststore of {@code type} at {@code file} holding only {@code certificate}, with {@link #PASSWORD}. */
    static Path truststore(SelfSignedCertificate certificate, String type, Path file) throws Exception {
        Certificate serverCertificate;
        try (InputStream in = Files.newInputStream(Path.of(certificate.certificatePath()))) {
            serverCertificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore store = KeyStore.getInstance(type);
        store.load(null, null);
        store.setCertificateEntry("annolab", serverCertificate);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }
}
