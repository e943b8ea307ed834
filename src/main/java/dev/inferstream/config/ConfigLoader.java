package dev.inferstream.config;

import static dev.inferstream.config.EnvNames.*;

import dev.inferstream.api.AnnoLabClientConfig.Truststore;
import dev.inferstream.api.ApiKey;
import dev.inferstream.quota.QuotaScope;
import dev.inferstream.topology.TopologySettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns the merged variables into an {@link InferstreamConfig}, recording every problem in the reader. */
final class ConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    private static final String MOCK_PREFIX = "mock://";

    private ConfigLoader() {
    }

    /** The configuration, or empty when a problem left a required part without a usable value. */
    static Optional<InferstreamConfig> read(ConfigReader reader, Map<String, String> variables) {
        String bootstrap = reader.required(KAFKA_BOOTSTRAP_SERVERS, "host:port[,host:port...] of the Kafka brokers");
        String registry = registryUrl(reader);
        Optional<String> userInfo = reader.optional(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        if (userInfo.isPresent() && !userInfo.get().contains(":")) {
            reader.problem(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO + " must be user:password");
        }
        Optional<URI> annolabUrl = annolabUrl(reader);
        Optional<ApiKey> apiKey = apiKey(reader);
        Optional<Truststore> truststore = truststore(reader);
        TopologySettings topology = TopologyKnobs.read(reader);
        QuotaScope limitScope = reader.enumValue(LIMIT_SCOPE, QuotaScope.class, QuotaScope.CLUSTER, QuotaScope::spelling);
        String applicationId = reader.text(APPLICATION_ID, InferstreamConfig.DEFAULT_APPLICATION_ID);
        Path stateDir = Path.of(reader.text(STATE_DIR, InferstreamConfig.DEFAULT_STATE_DIR));
        int httpPort = reader.intInRange(HTTP_PORT, InferstreamConfig.DEFAULT_HTTP_PORT, 1, 65_535);
        String httpHost = reader.text(HTTP_HOST, InferstreamConfig.DEFAULT_HTTP_HOST);
        Optional<String> opsToken = reader.optional(OPS_TOKEN);
        Duration startupTimeout = Duration.ofSeconds(reader.longInRange(STARTUP_TIMEOUT_SECONDS,
                InferstreamConfig.DEFAULT_STARTUP_TIMEOUT.toSeconds(), 1, Duration.ofHours(1).toSeconds()));
        int maxThreadReplacements = reader.intInRange(MAX_THREAD_REPLACEMENTS,
                InferstreamConfig.DEFAULT_MAX_THREAD_REPLACEMENTS, 0, 1_000);
        String advertisedHost = reader.optional(ADVERTISED_HOST).orElseGet(ConfigLoader::localHostName);
        boolean createTopics = reader.bool(CREATE_TOPICS, false);
        int partitions = reader.intInRange(TOPIC_PARTITIONS, InferstreamConfig.DEFAULT_TOPIC_PARTITIONS, 1, 10_000);
        LogFormat logFormat = reader.enumValue(LOG_FORMAT, LogFormat.class, LogFormat.TEXT, LogFormat::appenderName);
        // Everything is read before giving up, so one run reports every problem.
        if (annolabUrl.isEmpty() || apiKey.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new InferstreamConfig(bootstrap, registry, userInfo, annolabUrl.get(), apiKey.get(),
                truststore, applicationId, stateDir, httpPort, httpHost, opsToken, advertisedHost, createTopics,
                partitions, logFormat, topology, limitScope, startupTimeout, maxThreadReplacements,
                KafkaPassthrough.from(variables)));
    }

    private static String registryUrl(ConfigReader reader) {
        String value = reader.required(SCHEMA_REGISTRY_URL, "http(s)://host:port of the schema registry, or mock://scope");
        if (value.isEmpty()) {
            return value;
        }
        List<String> urls = Arrays.stream(value.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
        boolean mock = urls.stream().anyMatch(url -> url.startsWith(MOCK_PREFIX));
        if (mock && (urls.size() > 1 || urls.get(0).length() == MOCK_PREFIX.length())) {
            reader.problem(SCHEMA_REGISTRY_URL + " must be a single mock://scope when it uses mock://");
        } else if (!mock && !urls.stream().allMatch(ConfigLoader::isPlainHttpUrl)) {
            // The value itself is not quoted: a URL with user info would print the password.
            reader.problem(SCHEMA_REGISTRY_URL + " must be http(s)://host[:port] URLs, comma-separated, "
                    + "or mock://scope; put credentials in " + SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        }
        return String.join(",", urls);
    }

    private static boolean isPlainHttpUrl(String text) {
        return parseHttpUrl(text).isPresent();
    }

    private static Optional<URI> parseHttpUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean valid = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
            return valid ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static Optional<URI> annolabUrl(ConfigReader reader) {
        String text = reader.text(ANNOLAB_API_URL, InferstreamConfig.DEFAULT_ANNOLAB_URL);
        Optional<URI> url = parseHttpUrl(text);
        if (url.isEmpty()) {
            reader.problem(ANNOLAB_API_URL + " must be http(s)://host[:port][/path] without user info, query or fragment");
        } else if (url.get().getScheme().equalsIgnoreCase("http") && !isLoopback(url.get().getHost())) {
            log.warn("{} {} is plain http to a non-loopback host: the API key will cross the network unencrypted",
                    ANNOLAB_API_URL, url.get());
        }
        return url;
    }

    /** Decided from the name alone: resolving it here would make startup depend on DNS. */
    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }

    /** The key file wins over the variable, so a mounted secret overrides a stale value in the environment. */
    private static Optional<ApiKey> apiKey(ConfigReader reader) {
        Optional<String> file = reader.optional(ANNOLAB_API_KEY_FILE);
        if (file.isPresent()) {
            return keyFromFile(reader, Path.of(file.get()));
        }
        Optional<String> key = reader.optional(ANNOLAB_API_KEY);
        if (key.isEmpty()) {
            reader.problem(ANNOLAB_API_KEY + " or " + ANNOLAB_API_KEY_FILE + " is required: the AnnoLab API key");
        }
        return key.map(ApiKey::of);
    }

    private static Optional<ApiKey> keyFromFile(ConfigReader reader, Path path) {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            reader.problem(ANNOLAB_API_KEY_FILE + " " + path + " cannot be read (" + e.getClass().getSimpleName() + ")");
            return Optional.empty();
        }
        if (text.isBlank()) {
            reader.problem(ANNOLAB_API_KEY_FILE + " " + path + " is empty");
            return Optional.empty();
        }
        return Optional.of(ApiKey.of(text));
    }

    private static Optional<Truststore> truststore(ConfigReader reader) {
        Optional<String> path = reader.optional(ANNOLAB_TRUSTSTORE_PATH);
        Optional<String> password = reader.optional(ANNOLAB_TRUSTSTORE_PASSWORD);
        if (path.isEmpty()) {
            if (password.isPresent()) {
                reader.problem(ANNOLAB_TRUSTSTORE_PASSWORD + " is set but " + ANNOLAB_TRUSTSTORE_PATH + " is not");
            }
            return Optional.empty();
        }
        Path file = Path.of(path.get());
        if (!Files.isReadable(file)) {
            reader.problem(ANNOLAB_TRUSTSTORE_PATH + " " + file + " cannot be read");
            return Optional.empty();
        }
        // A certificates-only PKCS12 store may have no password.
        return Optional.of(Truststore.of(file, password.orElse("")));
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            log.warn("cannot determine the local host name; set {} (using localhost)", ADVERTISED_HOST);
            return "localhost";
        }
    }
}
