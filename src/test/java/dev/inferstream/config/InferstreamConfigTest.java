package dev.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.inferstream.api.AnnoLabClientConfig;
import dev.inferstream.api.ApiKey;
import dev.inferstream.service.InferstreamService;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferstreamConfigTest {

    private static final String KEY = "al-key-Zq81-never-print-me";

    @TempDir
    Path dir;

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092");
        env.put("SCHEMA_REGISTRY_URL", "http://registry:8081");
        env.put("ANNOLAB_API_KEY", KEY);
        return env;
    }

    private static InferstreamConfig load(Map<String, String> env) {
        return InferstreamConfig.load(env, Optional.empty());
    }

    private static List<String> problems(Map<String, String> env) {
        return catchThrowableOfType(InvalidConfigException.class, () -> load(env)).problems();
    }

    @Nested
    class Defaults {

        @Test
        void givenOnlyTheRequiredVariables_everythingElseTakesTheDocumentedDefault() {
            InferstreamConfig config = load(minimal());

            assertThat(config.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
            assertThat(config.schemaRegistryUrl()).isEqualTo("http://registry:8081");
            assertThat(config.registryUserInfo()).isEmpty();
            assertThat(config.annolabUrl()).isEqualTo(URI.create("https://api.annolab.ai"));
            assertThat(config.apiKeys().current()).isEqualTo(ApiKey.of(KEY));
            assertThat(config.truststore()).isEmpty();
            assertThat(config.applicationId()).isEqualTo("inferstream");
            assertThat(config.stateDir()).isEqualTo(Path.of("./state"));
            assertThat(config.httpPort()).isEqualTo(8080);
            assertThat(config.advertisedHost()).isNotBlank();
            assertThat(config.createTopics()).isFalse();
            assertThat(config.topicPartitions()).isEqualTo(6);
            assertThat(config.logFormat()).isEqualTo(LogFormat.TEXT);
            assertThat(config.topology()).isEqualTo(TopologySettings.defaults());
            assertThat(config.kafkaProperties()).containsExactly(Map.entry("bootstrap.servers", "kafka-1:9092,kafka-2:9092"));
        }

        @Test
        void blankValues_countAsUnset() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_HTTP_PORT", "  ");
            env.put("INFERSTREAM_APPLICATION_ID", "");

            InferstreamConfig config = load(env);

            assertThat(config.httpPort()).isEqualTo(8080);
            assertThat(config.applicationId()).isEqualTo("inferstream");
        }
    }

    @Nested
    class Overrides {

        @Test
        void everyVariable_overridesItsDefault() throws IOException {
            Path truststore = Files.writeString(dir.resolve("annolab.jks"), "not checked here");
            Map<String, String> env = minimal();
            env.put("SCHEMA_REGISTRY_URL", "https://r1:8081, https://r2:8081");
            env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:registry-pass");
            env.put("ANNOLAB_API_URL", "https://annolab.internal:8443/api");
            env.put("ANNOLAB_TRUSTSTORE_PATH", truststore.toString());
            env.put("ANNOLAB_TRUSTSTORE_PASSWORD", "changeit");
            env.put("INFERSTREAM_APPLICATION_ID", "inferstream-eu");
            env.put("INFERSTREAM_STATE_DIR", "/var/lib/inferstream");
            env.put("INFERSTREAM_HTTP_PORT", "9090");
            env.put("INFERSTREAM_ADVERTISED_HOST", "pod-3.inferstream");
            env.put("INFERSTREAM_REQUESTED_TOPIC", "req");
            env.put("INFERSTREAM_COMPLETED_TOPIC", "done");
            env.put("INFERSTREAM_FAILED_TOPIC", "failed");
            env.put("INFERSTREAM_DLQ_TOPIC", "dlq");
            env.put("INFERSTREAM_CREATE_TOPICS", "true");
            env.put("INFERSTREAM_TOPIC_PARTITIONS", "12");
            env.put("INFERSTREAM_LOG_FORMAT", "json");
            env.put("INFERSTREAM_TICK_MILLIS", "250");
            env.put("INFERSTREAM_DEFAULT_TIMEOUT_SECONDS", "600");
            env.put("INFERSTREAM_DEDUPE_RETENTION_HOURS", "48");
            env.put("INFERSTREAM_POLL_INITIAL_DELAY_MILLIS", "1500");
            env.put("INFERSTREAM_POLL_MAX_INTERVAL_SECONDS", "20");
            env.put("INFERSTREAM_MAX_IN_FLIGHT", "64");
            env.put("INFERSTREAM_RATE_LIMIT_PER_SECOND", "0");
            env.put("INFERSTREAM_BACKFILL_SHARE", "0.5");
            env.put("INFERSTREAM_CALL_TIMEOUT_SECONDS", "12");
            env.put("INFERSTREAM_MAX_TRANSIENT_RETRIES", "3");
            env.put("INFERSTREAM_MAX_SOURCE_IDS", "500");
            env.put("INFERSTREAM_MAX_ATTRIBUTES_BYTES", "2048");
            env.put("INFERSTREAM_RECOVERY_POLICY", "FAIL");

            InferstreamConfig config = load(env);

            assertThat(config.schemaRegistryUrl()).isEqualTo("https://r1:8081,https://r2:8081");
            assertThat(config.registryUserInfo()).contains("svc:registry-pass");
            assertThat(config.annolabUrl()).isEqualTo(URI.create("https://annolab.internal:8443/api"));
            assertThat(config.truststore()).hasValueSatisfying(store -> {
                assertThat(store.path()).isEqualTo(truststore);
                assertThat(store.password()).isEqualTo("changeit");
                assertThat(store.format()).isEqualTo(AnnoLabClientConfig.Truststore.Format.JKS);
            });
            assertThat(config.applicationId()).isEqualTo("inferstream-eu");
            assertThat(config.stateDir()).isEqualTo(Path.of("/var/lib/inferstream"));
            assertThat(config.httpPort()).isEqualTo(9090);
            assertThat(config.advertisedHost()).isEqualTo("pod-3.inferstream");
            assertThat(config.createTopics()).isTrue();
            assertThat(config.topicPartitions()).isEqualTo(12);
            assertThat(config.logFormat()).isEqualTo(LogFormat.JSON);

            TopologySettings topology = config.topology();
            assertThat(topology.topics()).isEqualTo(new TopologySettings.Topics("req", "done", "failed", "dlq"));
            assertThat(topology.tickInterval()).isEqualTo(Duration.ofMillis(250));
            assertThat(topology.defaultTimeout()).isEqualTo(Duration.ofSeconds(600));
            assertThat(topology.dedupeRetention()).isEqualTo(Duration.ofHours(48));
            assertThat(topology.polling().initialDelay()).isEqualTo(Duration.ofMillis(1500));
            assertThat(topology.polling().maxInterval()).isEqualTo(Duration.ofSeconds(20));
            assertThat(topology.limits()).isEqualTo(new TopologySettings.Limits(64, 0.0, 0.5,
                    Duration.ofSeconds(12), Duration.ofDays(7), 500, 2048, TopologySettings.Limits.DEFAULT_MAX_EVENT_BYTES));
            assertThat(topology.retries().maxConsecutiveTransients()).isEqualTo(3);
            assertThat(topology.recoveryPolicy()).isEqualTo(TopologySettings.RecoveryPolicy.FAIL);
        }

        @Test
        void producedServiceSettings_carryTheKnobsSerdeSettingsAndApplicationServer() {
            Map<String, String> env = minimal();
            env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:registry-pass");
            env.put("INFERSTREAM_ADVERTISED_HOST", "pod-3");
            env.put("INFERSTREAM_HTTP_PORT", "9090");
            env.put("INFERSTREAM_STATE_DIR", "/data");
            env.put("INFERSTREAM_MAX_IN_FLIGHT", "32");

            InferstreamService.Settings settings = InferstreamService.Settings.from(load(env));

            assertThat(settings.applicationId()).isEqualTo("inferstream");
            assertThat(settings.bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
            assertThat(settings.stateDir()).isEqualTo(Path.of("/data"));
            assertThat(settings.topology().limits().maxInFlight()).isEqualTo(32);
            assertThat(settings.serdeConfig()).containsOnly(
                    Map.entry("schema.registry.url", "http://registry:8081"),
                    Map.entry("basic.auth.credentials.source", "USER_INFO"),
                    Map.entry("basic.auth.user.info", "svc:registry-pass"));
            assertThat(settings.streamsOverrides()).containsOnly(Map.entry("application.server", "pod-3:9090"),
                    Map.entry("group.instance.id", "pod-3-9090"));
            assertThat(settings.closeTimeout()).isPositive();
        }

        @Test
        void givenAnAdvertisedHost_theInstanceIsAStaticGroupMember_underAnIdKafkaAccepts() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_ADVERTISED_HOST", "inferstream-0.inferstream-headless.prod.svc");

            assertThat(load(env).streamsOverrides())
                    .containsEntry("group.instance.id", "inferstream-0.inferstream-headless.prod.svc-8080");

            env.put("INFERSTREAM_ADVERTISED_HOST", "[::1]");
            assertThat(load(env).streamsOverrides()).containsEntry("group.instance.id", "___1_-8080");
        }

        @Test
        void givenAMetricLabelLimit_itBoundsTheModelAndProjectLabels() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_METRIC_LABEL_LIMIT", "5");

            assertThat(load(env).topology().metricLabelLimit()).isEqualTo(5);
            assertThat(load(minimal()).topology().metricLabelLimit())
                    .isEqualTo(TopologySettings.DEFAULT_METRIC_LABEL_LIMIT);
        }

        @Test
        void givenKafkaGroupInstanceId_itWinsOverTheDerivedOne() {
            Map<String, String> env = minimal();
            env.put("KAFKA_GROUP_INSTANCE_ID", "processor-a");

            assertThat(load(env).streamsOverrides()).containsEntry("group.instance.id", "processor-a");
        }

        @Test
        void producedClientConfig_matchesTheInFlightCapAndCallTimeout() {
            Map<String, String> env = minimal();
            env.put("ANNOLAB_API_URL", "http://localhost:8090");
            env.put("INFERSTREAM_MAX_IN_FLIGHT", "32");
            env.put("INFERSTREAM_CALL_TIMEOUT_SECONDS", "7");

            AnnoLabClientConfig client = load(env).clientConfig();

            assertThat(client.baseUrl()).isEqualTo(URI.create("http://localhost:8090"));
            assertThat(client.apiKeys().current().reveal()).isEqualTo(KEY);
            assertThat(client.maxInFlight()).isEqualTo(32);
            assertThat(client.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(client.truststore()).isEmpty();
        }

        @Test
        void mockRegistry_isAccepted() {
            Map<String, String> env = minimal();
            env.put("SCHEMA_REGISTRY_URL", "mock://demo");

            assertThat(load(env).serdeConfig()).containsEntry("schema.registry.url", "mock://demo");
        }
    }

    @Nested
    class KafkaPassthroughVariables {

        @Test
        void kafkaVariables_becomeDottedLowerCaseProperties_forStreamsAndPlainClients() {
            Map<String, String> env = minimal();
            env.put("KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
            env.put("KAFKA_SASL_MECHANISM", "PLAIN");
            env.put("KAFKA_NUM_STREAM_THREADS", "4");
            env.put("KAFKA_APPLICATION_SERVER", "override:1234");

            InferstreamConfig config = load(env);

            assertThat(config.kafkaProperties()).containsOnly(
                    Map.entry("bootstrap.servers", "kafka-1:9092,kafka-2:9092"),
                    Map.entry("security.protocol", "SASL_SSL"),
                    Map.entry("sasl.mechanism", "PLAIN"),
                    Map.entry("num.stream.threads", "4"),
                    Map.entry("application.server", "override:1234"));
            assertThat(config.streamsOverrides())
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("num.stream.threads", "4")
                    .as("an explicit KAFKA_APPLICATION_SERVER wins over the derived one")
                    .containsEntry("application.server", "override:1234")
                    .doesNotContainKey("bootstrap.servers");
            assertThat(config.clientProperties())
                    .containsEntry("bootstrap.servers", "kafka-1:9092,kafka-2:9092")
                    .containsEntry("security.protocol", "SASL_SSL");
        }

        @Test
        void everyDocumentedName_isListedOnce_andNoneUsesThePassthroughPrefixExceptBootstrap() {
            assertThat(InferstreamConfig.VARIABLES).doesNotHaveDuplicates().hasSize(44)
                    .contains("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "ANNOLAB_API_KEY_FILE",
                            "INFERSTREAM_ADVERTISED_HOST", "INFERSTREAM_RECOVERY_POLICY");
            assertThat(InferstreamConfig.VARIABLES).filteredOn(name -> name.startsWith("KAFKA_"))
                    .containsExactly("KAFKA_BOOTSTRAP_SERVERS");
        }
    }

    @Nested
    class FaultSettings {

        @Test
        void givenNothingSet_bindsAllInterfaces_withoutToken_waits60sForKafka_andReplacesThreadsThreeTimes() {
            InferstreamConfig config = load(minimal());

            assertThat(config.httpHost()).isEqualTo("0.0.0.0");
            assertThat(config.opsToken()).isEmpty();
            assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(60));
            assertThat(config.maxThreadReplacements()).isEqualTo(3);
            assertThat(config.topology().limits().maxEventBytes()).isEqualTo(1024 * 1024);
        }

        @Test
        void givenSettings_readsThem_theProducersMaxRequestSizeBoundsEvents_andTheTokenIsNeverShown() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_HTTP_HOST", "127.0.0.1");
            env.put("INFERSTREAM_OPS_TOKEN", "s3cret-ops-token");
            env.put("INFERSTREAM_STARTUP_TIMEOUT_SECONDS", "5");
            env.put("INFERSTREAM_MAX_THREAD_REPLACEMENTS", "0");
            env.put("KAFKA_MAX_REQUEST_SIZE", "2097152");
            InferstreamConfig config = load(env);

            assertThat(config.httpHost()).isEqualTo("127.0.0.1");
            assertThat(config.opsToken()).contains("s3cret-ops-token");
            assertThat(config.startupTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(config.maxThreadReplacements()).isZero();
            assertThat(config.topology().limits().maxEventBytes()).isEqualTo(2_097_152);
            assertThat(config.toString()).doesNotContain("s3cret-ops-token");
        }
    }

    @Nested
    class ExportSettings {

        @Test
        void givenNothingSet_exportsNothing_andAnExportWouldIncludeTextBoundsWithinAnHour() {
            TopologySettings.Exports exports = load(minimal()).topology().exports();

            assertThat(exports.byDefault()).isFalse();
            assertThat(exports.contents()).isEqualTo(new TopologySettings.Contents(false, false, true));
            assertThat(exports.timeout()).isEqualTo(Duration.ofHours(1));
        }

        @Test
        void givenExportOnWithItsContentsAndTimeout_readsThem_inAnyCaseAndSpacing() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_EXPORT_RESULTS", "true");
            env.put("INFERSTREAM_EXPORT_INCLUDE", " Schemas, SOURCES ");
            env.put("INFERSTREAM_EXPORT_TIMEOUT_SECONDS", "600");

            TopologySettings.Exports exports = load(env).topology().exports();

            assertThat(exports.byDefault()).isTrue();
            assertThat(exports.contents()).isEqualTo(new TopologySettings.Contents(true, true, false));
            assertThat(exports.timeout()).isEqualTo(Duration.ofMinutes(10));
        }

        @Test
        void givenNone_includesOnlyTheAnnotations() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_EXPORT_INCLUDE", "none");

            assertThat(load(env).topology().exports().contents())
                    .isEqualTo(new TopologySettings.Contents(false, false, false));
        }

        @Test
        void givenUnknownContentsOrABadTimeout_reportsEachClearly() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_EXPORT_INCLUDE", "schemas,predictions");
            env.put("INFERSTREAM_EXPORT_TIMEOUT_SECONDS", "0");
            env.put("INFERSTREAM_EXPORT_RESULTS", "sometimes");

            assertThat(problems(env)).hasSize(3).anySatisfy(problem -> assertThat(problem)
                    .startsWith("INFERSTREAM_EXPORT_INCLUDE must be a comma-separated list of schemas, sources and "
                            + "textBounds, or none"))
                    .anySatisfy(problem -> assertThat(problem).startsWith("INFERSTREAM_EXPORT_TIMEOUT_SECONDS"))
                    .anySatisfy(problem -> assertThat(problem).startsWith("INFERSTREAM_EXPORT_RESULTS"));
        }
    }

    @Nested
    class ApiKeySources {

        @Test
        void keyFile_winsOverTheVariable_andIsStripped() throws IOException {
            Path file = Files.writeString(dir.resolve("key"), "from-the-file\n");
            Map<String, String> env = minimal();
            env.put("ANNOLAB_API_KEY_FILE", file.toString());

            assertThat(load(env).apiKeys().current().reveal()).isEqualTo("from-the-file");
        }

        @Test
        void keyFileAlone_isEnough() throws IOException {
            Path file = Files.writeString(dir.resolve("key"), "only-file");
            Map<String, String> env = minimal();
            env.remove("ANNOLAB_API_KEY");
            env.put("ANNOLAB_API_KEY_FILE", file.toString());

            assertThat(load(env).apiKeys().current().reveal()).isEqualTo("only-file");
        }
    }

    @Nested
    class ConfigFile {

        @Test
        void fileSetsTheSameNames_andTheEnvironmentWins() throws IOException {
            Path file = Files.writeString(dir.resolve("inferstream.properties"), """
                    SCHEMA_REGISTRY_URL=http://from-file:8081
                    INFERSTREAM_HTTP_PORT=7070
                    INFERSTREAM_APPLICATION_ID=from-file
                    KAFKA_SECURITY_PROTOCOL=SSL
                    """);
            Map<String, String> env = minimal();
            env.remove("SCHEMA_REGISTRY_URL");
            env.put("INFERSTREAM_APPLICATION_ID", "from-env");

            InferstreamConfig config = InferstreamConfig.load(env, Optional.of(file));

            assertThat(config.schemaRegistryUrl()).isEqualTo("http://from-file:8081");
            assertThat(config.httpPort()).isEqualTo(7070);
            assertThat(config.applicationId()).isEqualTo("from-env");
            assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SSL");
        }

        @Test
        void missingFile_isAProblemLikeAnyOther() {
            Path missing = dir.resolve("nope.properties");

            List<String> problems = catchThrowableOfType(InvalidConfigException.class,
                    () -> InferstreamConfig.load(Map.of(), Optional.of(missing))).problems();

            assertThat(problems).anySatisfy(line -> assertThat(line).startsWith("--config " + missing));
            assertThat(problems).anySatisfy(line -> assertThat(line).startsWith("KAFKA_BOOTSTRAP_SERVERS is required"));
        }
    }

    @Nested
    class Problems {

        @Test
        void aDefaultTimeoutAboveTheMaximum_isReported_andTheApiFaultKnobsAreRead() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_MAX_TIMEOUT_SECONDS", "3600");
            env.put("INFERSTREAM_DEFAULT_TIMEOUT_SECONDS", "7200");
            env.put("INFERSTREAM_MAX_UNUSABLE_ANSWERS", "0");

            assertThat(problems(env)).containsExactlyInAnyOrder(
                    "INFERSTREAM_DEFAULT_TIMEOUT_SECONDS (7200) must not exceed INFERSTREAM_MAX_TIMEOUT_SECONDS (3600)",
                    "INFERSTREAM_MAX_UNUSABLE_ANSWERS must be between 1 and 100, was 0");

            env.put("INFERSTREAM_DEFAULT_TIMEOUT_SECONDS", "600");
            env.put("INFERSTREAM_MAX_UNUSABLE_ANSWERS", "3");
            env.put("INFERSTREAM_API_UNREACHABLE_SECONDS", "45");
            TopologySettings topology = load(env).topology();
            assertThat(topology.limits().maxTimeout()).isEqualTo(Duration.ofHours(1));
            assertThat(topology.retries().maxUnusableAnswers()).isEqualTo(3);
            assertThat(topology.retries().unreachableAfter()).isEqualTo(Duration.ofSeconds(45));
        }

        @Test
        void anEmptyEnvironment_reportsEveryRequiredVariable() {
            assertThat(problems(Map.of())).containsExactly(
                    "KAFKA_BOOTSTRAP_SERVERS is required: host:port[,host:port...] of the Kafka brokers",
                    "SCHEMA_REGISTRY_URL is required: http(s)://host:port of the schema registry, or mock://scope",
                    "ANNOLAB_API_KEY or ANNOLAB_API_KEY_FILE is required: the AnnoLab API key");
        }

        @Test
        void severalBadValues_areAllReported_oneLineEachNamingTheVariable() {
            Map<String, String> env = minimal();
            env.put("INFERSTREAM_HTTP_PORT", "eighty");
            env.put("INFERSTREAM_BACKFILL_SHARE", "1.5");
            env.put("INFERSTREAM_RECOVERY_POLICY", "RETRY");
            env.put("INFERSTREAM_LOG_FORMAT", "xml");
            env.put("INFERSTREAM_CREATE_TOPICS", "yes");
            env.put("INFERSTREAM_MAX_IN_FLIGHT", "0");
            env.put("INFERSTREAM_TOPIC_PARTITIONS", "-1");
            env.put("INFERSTREAM_TICK_MILLIS", "1.5");
            env.put("SCHEMA_REGISTRY_URL", "ftp://registry:21");
            env.put("ANNOLAB_API_URL", "annolab.ai");
            env.put("ANNOLAB_API_KEY_FILE", dir.resolve("missing-key").toString());

            List<String> problems = problems(env);

            assertThat(problems).containsExactlyInAnyOrder(
                    "INFERSTREAM_HTTP_PORT must be a whole number, was \"eighty\"",
                    "INFERSTREAM_BACKFILL_SHARE must be between 0.0 and 1.0, was 1.5",
                    "INFERSTREAM_RECOVERY_POLICY must be one of RESUBMIT|FAIL, was \"RETRY\"",
                    "INFERSTREAM_LOG_FORMAT must be one of text|json, was \"xml\"",
                    "INFERSTREAM_CREATE_TOPICS must be true or false, was \"yes\"",
                    "INFERSTREAM_MAX_IN_FLIGHT must be between 1 and 100000, was 0",
                    "INFERSTREAM_TOPIC_PARTITIONS must be between 1 and 10000, was -1",
                    "INFERSTREAM_TICK_MILLIS must be a whole number, was \"1.5\"",
                    "SCHEMA_REGISTRY_URL must be http(s)://host[:port] URLs, comma-separated, or mock://scope; "
                            + "put credentials in SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO",
                    "ANNOLAB_API_URL must be http(s)://host[:port][/path] without user info, query or fragment",
                    "ANNOLAB_API_KEY_FILE " + dir.resolve("missing-key") + " cannot be read (NoSuchFileException)");
        }

        @Test
        void registryUrls_mayNotMixMockWithHttp_norCarryUserInfo() {
            Map<String, String> mixed = minimal();
            mixed.put("SCHEMA_REGISTRY_URL", "mock://demo,http://registry:8081");
            Map<String, String> withUserInfo = minimal();
            withUserInfo.put("SCHEMA_REGISTRY_URL", "http://svc:pw@registry:8081");

            assertThat(problems(mixed)).singleElement().asString().startsWith("SCHEMA_REGISTRY_URL must be a single mock://scope");
            assertThat(problems(withUserInfo)).singleElement().asString().startsWith("SCHEMA_REGISTRY_URL must be http(s)://")
                    .doesNotContain("pw");
        }

        @Test
        void emptyKeyFile_truststoreProblems_andUserInfoWithoutPassword_areReported() throws IOException {
            Path emptyKey = Files.writeString(dir.resolve("empty-key"), "  \n");
            Map<String, String> env = minimal();
            env.put("ANNOLAB_API_KEY_FILE", emptyKey.toString());
            env.put("ANNOLAB_TRUSTSTORE_PATH", dir.resolve("missing.p12").toString());
            env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "just-a-user");

            assertThat(problems(env)).containsExactlyInAnyOrder(
                    "ANNOLAB_API_KEY_FILE " + emptyKey + " is empty",
                    "ANNOLAB_TRUSTSTORE_PATH " + dir.resolve("missing.p12") + " cannot be read",
                    "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO must be user:password");
        }

        @Test
        void truststorePasswordWithoutPath_isReported() {
            Map<String, String> env = minimal();
            env.put("ANNOLAB_TRUSTSTORE_PASSWORD", "changeit");

            assertThat(problems(env)).containsExactly(
                    "ANNOLAB_TRUSTSTORE_PASSWORD is set but ANNOLAB_TRUSTSTORE_PATH is not");
        }
    }

    @Nested
    class Secrets {

        @Test
        void keyPasswordsAndSecretKafkaSettings_neverAppearInToString() throws IOException {
            Path truststore = Files.writeString(dir.resolve("trust.p12"), "x");
            Map<String, String> env = minimal();
            env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "svc:registry-pass-91");
            env.put("ANNOLAB_TRUSTSTORE_PATH", truststore.toString());
            env.put("ANNOLAB_TRUSTSTORE_PASSWORD", "trust-pass-77");
            env.put("KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"jaas-pass-55\";");
            env.put("KAFKA_SSL_KEY_PASSWORD", "ssl-pass-33");
            env.put("KAFKA_BASIC_AUTH_USER_INFO", "u:basic-pass-22");

            String text = load(env).toString();

            assertThat(text).doesNotContain(KEY, "registry-pass-91", "trust-pass-77", "jaas-pass-55", "ssl-pass-33",
                            "basic-pass-22")
                    .contains("apiKey=ApiKey[redacted]", "sasl.jaas.config=redacted", "bootstrap.servers=kafka-1:9092");
        }

        @Test
        void problems_neverQuoteTheKeyOrPasswords() {
            Map<String, String> env = minimal();
            env.put("SCHEMA_REGISTRY_URL", "http://svc:registry-pass-91@registry:8081");
            env.put("ANNOLAB_API_URL", "https://user:" + KEY + "@annolab.ai");
            env.put("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "no-colon-secret");
            env.put("ANNOLAB_TRUSTSTORE_PASSWORD", "trust-pass-77");

            InvalidConfigException failure = catchThrowableOfType(InvalidConfigException.class, () -> load(env));

            assertThat(failure.problems()).hasSize(4);
            assertThat(failure.getMessage())
                    .doesNotContain(KEY, "registry-pass-91", "no-colon-secret", "trust-pass-77");
        }
    }

    @Nested
    class PlainHttpWarning {

        @Test
        void plainHttpToARemoteHost_isAWarningForRunToLog_butLoopbackIsNot() {
            Map<String, String> loopback = minimal();
            loopback.put("ANNOLAB_API_URL", "http://127.0.0.1:8090");
            assertThat(load(loopback).warnings()).isEmpty();

            Map<String, String> remote = minimal();
            remote.put("ANNOLAB_API_URL", "http://annolab.example.com");
            assertThat(load(remote).warnings()).singleElement().satisfies(warning -> assertThat(warning)
                    .startsWith("ANNOLAB_API_URL http://annolab.example.com is plain http to a non-loopback host"));
        }
    }
}
