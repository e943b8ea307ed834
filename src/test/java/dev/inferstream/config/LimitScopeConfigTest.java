package dev.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.inferstream.quota.QuotaScope;
import dev.inferstream.service.InferstreamService;
import dev.inferstream.quota.QuotaSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code INFERSTREAM_LIMIT_SCOPE} and the limits it applies to. */
class LimitScopeConfigTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("SCHEMA_REGISTRY_URL", "http://registry:8081");
        env.put("ANNOLAB_API_KEY", "al-key-never-print-me");
        return env;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = minimal();
        env.put(name, value);
        return env;
    }

    private static List<String> problems(Map<String, String> env) {
        return catchThrowableOfType(InvalidConfigException.class, () -> InferstreamConfig.load(env, Optional.empty()))
                .problems();
    }

    @Test
    void byDefault_theLimitsAreTheWholeApplicationsShared_throughATopicNamedAfterTheApplicationId() {
        Map<String, String> env = with("INFERSTREAM_APPLICATION_ID", "orders-inference");
        QuotaSettings quota = InferstreamService.Settings.from(InferstreamConfig.load(env, Optional.empty())).quota();

        assertThat(quota.scope()).isEqualTo(QuotaScope.CLUSTER);
        assertThat(quota.topic()).isEqualTo("orders-inference-quota-shares");
    }

    @Test
    void scopeInstance_givesEachInstanceTheWholeLimits() {
        InferstreamConfig config = InferstreamConfig.load(with("INFERSTREAM_LIMIT_SCOPE", "instance"), Optional.empty());

        assertThat(InferstreamService.Settings.from(config).quota().scope()).isEqualTo(QuotaScope.INSTANCE);
        assertThat(config.toString()).contains("limitScope=instance");
    }

    @Test
    void anUnknownScope_isOneLineNamingTheChoices() {
        assertThat(problems(with("INFERSTREAM_LIMIT_SCOPE", "global")))
                .containsExactly("INFERSTREAM_LIMIT_SCOPE must be one of cluster|instance, was \"global\"");
    }

    @Test
    void aNegativeRate_isOneLine_whileZeroStillMeansUnlimited_asBefore() {
        assertThat(problems(with("INFERSTREAM_RATE_LIMIT_PER_SECOND", "-300")))
                .containsExactly("INFERSTREAM_RATE_LIMIT_PER_SECOND must be between 0.0 and 1000000.0, was -300");
        assertThat(InferstreamConfig.load(with("INFERSTREAM_RATE_LIMIT_PER_SECOND", "0"), Optional.empty())
                .topology().limits().callsPerSecond()).isZero();
    }

    @Test
    void aZeroOrNegativeInFlightCap_isOneLine() {
        assertThat(problems(with("INFERSTREAM_MAX_IN_FLIGHT", "0")))
                .containsExactly("INFERSTREAM_MAX_IN_FLIGHT must be between 1 and 100000, was 0");
        assertThat(problems(with("INFERSTREAM_MAX_IN_FLIGHT", "-4")))
                .containsExactly("INFERSTREAM_MAX_IN_FLIGHT must be between 1 and 100000, was -4");
    }

    @Test
    void aRateThatIsNotANumber_isOneLine() {
        assertThat(problems(with("INFERSTREAM_RATE_LIMIT_PER_SECOND", "NaN")))
                .containsExactly("INFERSTREAM_RATE_LIMIT_PER_SECOND must be between 0.0 and 1000000.0, was NaN");
    }
}
