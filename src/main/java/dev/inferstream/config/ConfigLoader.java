package dev.inferstream.config;

import static dev.inferstream.config.EnvNames.*;

import dev.inferstream.api.AnnoLabClientConfig.Truststore;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.ApiKeys;
import dev.inferstream.quota.QuotaScope;
import dev.inferstream.topology.TopologySettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the merged variables into an {@link InferstreamConfig}, recording every problem and warning in the
 * reader. Nothing is logged here: {@code run} logs the warnings once the configured log format is in force.
 */
final class ConfigLoader {


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
        Optional<ApiKeys> apiKey = apiKey(reader);
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
        String advertisedHost = reader.optional(ADVERTISED_HOST).orElseGet(() -> localHostName(reader));
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
                KafkaPassthrough.from(variables), reader.warnings()));
    }

    private static String registryUrl(ConfigReader reader) {
        String value = reader.required(SCHEMA_REGISTRY_URL, "http(s)://host:port of the schema registry, or mock://scope");
        if (value.isEmpty()) {
            return value;
        }
        List<String> urls = HttpUrls.registryList(value);
        if (HttpUrls.registryUsesMock(value)) {
            if (urls.size() > 1 || urls.get(0).length() == HttpUrls.MOCK_PREFIX.length()) {
                reader.problem(SCHEMA_REGISTRY_URL + " must be a single mock://scope when it uses mock://");
            }
        } else if (!HttpUrls.registryIsPlainHttp(value)) {
            // The value itself is not quoted: a URL with user info would print the password.
            reader.problem(SCHEMA_REGISTRY_URL + " must be http(s)://host[:port] URLs, comma-separated, "
                    + "or mock://scope; put credentials in " + SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        }
        return String.join(",", urls);
    }

    private static Optional<URI> annolabUrl(ConfigReader reader) {
        String text = reader.text(ANNOLAB_API_URL, InferstreamConfig.DEFAULT_ANNOLAB_URL);
        Optional<URI> url = HttpUrls.parse(text);
        if (url.isEmpty()) {
            reader.problem(ANNOLAB_API_URL + " must be http(s)://host[:port][/path] without user info, query or fragment");
        } else if (url.get().getScheme().equalsIgnoreCase("http") && !isLoopback(url.get().getHost())) {
            reader.warning(ANNOLAB_API_URL + " " + url.get()
                    + " is plain http to a non-loopback host: the API key will cross the network unencrypted");
        }
        return url;
    }

    /** Decided from the name alone: resolving it here would make startup depend on DNS. */
    private static boolean isLoopback(String host) {
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
    }

    /**
     * The key file wins over the variable, so a mounted secret overrides a stale value in the environment;
     * a key from a file is re-read while the service runs, so a rotated secret needs no restart.
     */
    private static Optional<ApiKeys> apiKey(ConfigReader reader) {
        Optional<String> file = reader.optional(ANNOLAB_API_KEY_FILE);
        if (file.isPresent()) {
            try {
                return Optional.of(ApiKeys.fromFile(Path.of(file.get())));
            } catch (ApiKeys.KeyFileException e) {
                reader.problem(ANNOLAB_API_KEY_FILE + " " + file.get() + " " + e.problem());
                return Optional.empty();
            }
        }
        Optional<String> key = reader.optional(ANNOLAB_API_KEY);
        if (key.isEmpty()) {
            reader.problem(ANNOLAB_API_KEY + " or " + ANNOLAB_API_KEY_FILE + " is required: the AnnoLab API key");
        }
        return key.map(ApiKey::of).map(ApiKeys::fixed);
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

    private static String localHostName(ConfigReader reader) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            reader.warning("cannot determine the local host name; set " + ADVERTISED_HOST + " (using localhost)");
            return "localhost";
        }
    }
}
