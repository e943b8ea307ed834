package dev.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class AvroSerdeConfigTest {

    @Test
    void givenNoRegistryUrl_throwsConfigExceptionNamingTheSetting() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void givenOnlyAUrl_usesConfluentDefaults() {
        AvroSerdeConfig config = AvroSerdeConfig.from(Map.of("schema.registry.url", "http://registry:8081"));

        assertThat(config.autoRegisterSchemas()).isTrue();
        assertThat(config.useLatestVersion()).isFalse();
        assertThat(config.specificAvroReader()).isTrue();
        assertThat(config.credentials()).isEmpty();
        assertThat(config.isMock()).isFalse();
    }

    @Test
    void givenCommaSeparatedUrls_keepsThemInOrderWithoutBlanks() {
        AvroSerdeConfig config = AvroSerdeConfig.from(Map.of("schema.registry.url", " http://a:8081 , http://b:8081,"));

        assertThat(config.registryUrls()).containsExactly("http://a:8081", "http://b:8081");
    }

    @Test
    void givenFlagsAsStrings_parsesThem() {
        AvroSerdeConfig config = AvroSerdeConfig.from(Map.of(
                "schema.registry.url", List.of("http://a:8081"),
                "auto.register.schemas", "false",
                "use.latest.version", "TRUE"));

        assertThat(config.autoRegisterSchemas()).isFalse();
        assertThat(config.useLatestVersion()).isTrue();
    }

    @Test
    void givenAFlagThatIsNotBoolean_throwsConfigExceptionNamingIt() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of(
                "schema.registry.url", "http://a:8081", "auto.register.schemas", "yes")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void givenUserInfoSource_readsCredentialsAndNeverPrintsThePassword() {
        AvroSerdeConfig config = AvroSerdeConfig.from(Map.of(
                "schema.registry.url", "https://registry",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "svc:pa:ss"));

        assertThat(config.credentials()).hasValueSatisfying(credentials -> {
            assertThat(credentials.user()).isEqualTo("svc");
            assertThat(credentials.password()).isEqualTo("pa:ss");
        });
        assertThat(config.toString()).contains("svc").doesNotContain("pa:ss");
    }

    @Test
    void givenUserInfoWithoutCredentialsSource_throwsConfigExceptionSayingWhatToSet() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of(
                "schema.registry.url", "https://registry", "basic.auth.user.info", "svc:secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("basic.auth.credentials.source=USER_INFO")
                .hasMessageNotContaining("secret");
    }

    @Test
    void givenUserInfoWithoutColon_throwsConfigExceptionWithoutEchoingTheValue() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of(
                "schema.registry.url", "https://registry",
                "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "justasecret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user:password")
                .hasMessageNotContaining("justasecret");
    }

    @Test
    void givenMockUrlMixedWithHttp_throwsConfigException() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("schema.registry.url", "mock://a,http://b:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("mock://");
    }

    @Test
    void givenUrlWithoutSupportedScheme_throwsConfigException() {
        assertThatThrownBy(() -> AvroSerdeConfig.from(Map.of("schema.registry.url", "registry:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("http://");
    }
}
