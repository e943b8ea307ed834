package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AnnoLabClientConfigTest {

    static final ApiKey KEY = ApiKey.of("cfg-secret-5521");

    @Test
    void givenOnlyUrlAndKey_usesDocumentedDefaults() {
        AnnoLabClientConfig config = AnnoLabClientConfig.of(URI.create("https://api.annolab.ai"), KEY);

        assertThat(config.maxInFlight()).isEqualTo(2_048);
        assertThat(config.maxResponseBytes()).isEqualTo(1024 * 1024);
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.truststore()).isEmpty();
        assertThat(config.userAgent()).isEqualTo("Inferstream/development");
        assertThat(config.usesTls()).isTrue();
    }

    @Test
    void toString_containsNeitherKeyNorTruststorePassword() {
        AnnoLabClientConfig config = AnnoLabClientConfig.of(URI.create("https://api.annolab.ai"), KEY)
                .withTruststore(AnnoLabClientConfig.Truststore.of(Path.of("/etc/trust.p12"), "store-pass-8812"));

        assertThat(config.toString())
                .contains("https://api.annolab.ai", "ApiKey[redacted]", "password=redacted", "PKCS12")
                .doesNotContain("cfg-secret-5521", "store-pass-8812");
    }

    @Test
    void givenUnusableValues_refusesThem() {
        assertThatThrownBy(() -> AnnoLabClientConfig.of(URI.create("ftp://host"), KEY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AnnoLabClientConfig.of(URI.create("https://user:pw@host"), KEY))
                .isInstanceOf(IllegalArgumentException.class);
        AnnoLabClientConfig config = AnnoLabClientConfig.of(URI.create("http://host:8080"), KEY);
        assertThatThrownBy(() -> config.withMaxInFlight(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withRequestTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withMaxResponseBytes(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
