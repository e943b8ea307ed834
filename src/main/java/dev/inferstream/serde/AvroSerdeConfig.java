package dev.inferstream.serde;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;

/**
 * The serde settings, under Confluent's names so that a configuration written for Confluent's
 * {@code SpecificAvroSerde} works unchanged here, and vice versa. Built once per
 * {@code configure(...)} call; the map is not consulted afterwards.
 *
 * @param registryUrls        one or more {@code http(s)://} URLs tried in order, or a single {@code mock://scope}
 * @param autoRegisterSchemas register the record's schema on serialize instead of only looking it up
 * @param useLatestVersion    serialize with the subject's latest registered schema id
 * @param credentials         basic-auth credentials for the registry, when configured
 * @param specificAvroReader  deserialize into generated classes; this implementation only supports true
 */
public record AvroSerdeConfig(
        List<String> registryUrls,
        boolean autoRegisterSchemas,
        boolean useLatestVersion,
        Optional<BasicAuthCredentials> credentials,
        boolean specificAvroReader) {

    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String SPECIFIC_AVRO_READER = "specific.avro.reader";

    /** The only credentials source supported: Confluent's others (URL, SASL_INHERIT) are not needed here. */
    public static final String USER_INFO_SOURCE = "USER_INFO";
    public static final String MOCK_URL_PREFIX = "mock://";

    public AvroSerdeConfig {
        registryUrls = List.copyOf(registryUrls);
    }

    /** Reads the settings; a missing or empty {@value #SCHEMA_REGISTRY_URL} is an error. */
    public static AvroSerdeConfig from(Map<String, ?> configs) {
        return from(configs, true);
    }

    /**
     * Reads the settings, allowing no registry URL: for serdes built around an injected
     * {@link SchemaRegistryClient}, which need only the flags.
     */
    public static AvroSerdeConfig withoutRequiredUrl(Map<String, ?> configs) {
        return from(configs, false);
    }

    private static AvroSerdeConfig from(Map<String, ?> configs, boolean urlRequired) {
        return new AvroSerdeConfig(
                urls(configs.get(SCHEMA_REGISTRY_URL), urlRequired),
                bool(configs, AUTO_REGISTER_SCHEMAS, true),
                bool(configs, USE_LATEST_VERSION, false),
                credentials(configs),
                bool(configs, SPECIFIC_AVRO_READER, true));
    }

    public boolean isMock() {
        return !registryUrls.isEmpty() && registryUrls.get(0).startsWith(MOCK_URL_PREFIX);
    }

    private static List<String> urls(Object value, boolean required) {
        List<String> urls;
        if (value == null) {
            urls = List.of();
        } else if (value instanceof String text) {
            urls = cleaned(Arrays.stream(text.split(",")));
        } else if (value instanceof List<?> list) {
            urls = cleaned(list.stream().map(String::valueOf));
        } else {
            throw new ConfigException(SCHEMA_REGISTRY_URL, value, "expected a comma-separated list of URLs");
        }
        if (urls.isEmpty() && required) {
            throw new ConfigException("Missing required configuration \"" + SCHEMA_REGISTRY_URL
                    + "\": set it to the schema registry URL(s), e.g. http://localhost:8081, "
                    + "or mock://<scope> for an in-memory registry in tests and demos");
        }
        long mocks = urls.stream().filter(url -> url.startsWith(MOCK_URL_PREFIX)).count();
        if (mocks > 0 && urls.size() > 1) {
            throw new ConfigException(SCHEMA_REGISTRY_URL, String.join(",", urls),
                    "a mock:// URL must be the only URL; do not mix it with others");
        }
        for (String url : urls) {
            if (!(url.startsWith("http://") || url.startsWith("https://") || url.startsWith(MOCK_URL_PREFIX))) {
                throw new ConfigException(SCHEMA_REGISTRY_URL, url, "each URL must start with http://, https:// or mock://");
            }
        }
        return urls;
    }

    private static List<String> cleaned(Stream<String> urls) {
        return urls.map(String::strip).filter(url -> !url.isEmpty()).toList();
    }

    private static boolean bool(Map<String, ?> configs, String name, boolean defaultValue) {
        Object value = configs.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        String text = value.toString().strip().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new ConfigException(name, value, "expected true or false");
    }

    private static Optional<BasicAuthCredentials> credentials(Map<String, ?> configs) {
        Object source = configs.get(BASIC_AUTH_CREDENTIALS_SOURCE);
        Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
        boolean hasSource = source != null && !source.toString().isBlank();
        boolean hasUserInfo = userInfo != null && !userInfo.toString().isBlank();
        if (!hasSource) {
            if (hasUserInfo) {
                // Confluent would silently ignore the credentials here; failing early saves a puzzling 401.
                throw new ConfigException(BASIC_AUTH_USER_INFO + " is set but " + BASIC_AUTH_CREDENTIALS_SOURCE
                        + " is not: set " + BASIC_AUTH_CREDENTIALS_SOURCE + "=" + USER_INFO_SOURCE);
            }
            return Optional.empty();
        }
        if (!USER_INFO_SOURCE.equalsIgnoreCase(source.toString().strip())) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE, source,
                    "only " + USER_INFO_SOURCE + " is supported; put user:password in " + BASIC_AUTH_USER_INFO);
        }
        if (!hasUserInfo) {
            throw new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE + "=" + USER_INFO_SOURCE
                    + " needs " + BASIC_AUTH_USER_INFO + "=user:password");
        }
        return Optional.of(BasicAuthCredentials.fromUserInfo(userInfo.toString()));
    }
}
