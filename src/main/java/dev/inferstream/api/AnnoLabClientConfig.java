package dev.inferstream.api;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link VertxAnnoLabClient} reaches AnnoLab. Built once at start; start from {@link #of(URI, ApiKey)}
 * and override what differs with the {@code with…} methods.
 *
 * @param baseUrl          {@code http(s)://host[:port][/prefix]}; the API paths are appended to it
 * @param apiKeys          the current one is sent as {@code Authorization: Api-Key <key>}; all are redacted
 * @param maxInFlight      most calls open at once, and so the size of the HTTP connection pool
 * @param connectTimeout   limit on getting a connection (from the pool or by TCP connect), within requestTimeout
 * @param requestTimeout   longest a whole call may take, connect, headers and body together: a server that
 *                         trickles its answer cannot hold a call (and its in-flight slot) for longer
 * @param truststore       certificates to trust for TLS instead of the JVM's default ones
 * @param maxResponseBytes larger response bodies are abandoned unread, so a broken server cannot exhaust memory
 * @param userAgent        the User-Agent header
 */
public record AnnoLabClientConfig(URI baseUrl, ApiKeys apiKeys, int maxInFlight, Duration connectTimeout,
                                  Duration requestTimeout, Optional<Truststore> truststore,
                                  int maxResponseBytes, String userAgent) {

    /**
     * A ceiling, not a working limit: Inferstream sizes the calls it keeps in flight from its rate limit and
     * the API's latency, and the pool opens only the connections those calls need.
     */
    public static final int DEFAULT_MAX_IN_FLIGHT = 2_048;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_RESPONSE_BYTES = 1 << 20;

    public AnnoLabClientConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(apiKeys, "apiKeys");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(userAgent, "userAgent");
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("base URL must be http(s)://host[:port][/path], was " + baseUrl);
        }
        if (baseUrl.getRawUserInfo() != null || baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
            throw new IllegalArgumentException("base URL must not carry user info, a query or a fragment");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        if (maxResponseBytes < 1) {
            throw new IllegalArgumentException("maxResponseBytes must be at least 1, was " + maxResponseBytes);
        }
    }

    /** Defaults for everything but where to go and how to sign in. */
    public static AnnoLabClientConfig of(URI baseUrl, ApiKey apiKey) {
        return of(baseUrl, ApiKeys.fixed(apiKey));
    }

    /** As {@link #of(URI, ApiKey)}, with keys that may rotate while the client runs. */
    public static AnnoLabClientConfig of(URI baseUrl, ApiKeys apiKeys) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, DEFAULT_MAX_IN_FLIGHT, DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_REQUEST_TIMEOUT, Optional.empty(), DEFAULT_MAX_RESPONSE_BYTES, defaultUserAgent());
    }

    /** {@code Inferstream/<version>}, the version coming from the jar manifest. */
    public static String defaultUserAgent() {
        String version = AnnoLabClientConfig.class.getPackage().getImplementationVersion();
        return "Inferstream/" + (version == null ? "development" : version);
    }

    public boolean usesTls() {
        return baseUrl.getScheme().equalsIgnoreCase("https");
    }

    public AnnoLabClientConfig withMaxInFlight(int value) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, value, connectTimeout, requestTimeout, truststore,
                maxResponseBytes, userAgent);
    }

    public AnnoLabClientConfig withConnectTimeout(Duration value) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, maxInFlight, value, requestTimeout, truststore,
                maxResponseBytes, userAgent);
    }

    public AnnoLabClientConfig withRequestTimeout(Duration value) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, maxInFlight, connectTimeout, value, truststore,
                maxResponseBytes, userAgent);
    }

    public AnnoLabClientConfig withTruststore(Truststore value) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, maxInFlight, connectTimeout, requestTimeout,
                Optional.of(value), maxResponseBytes, userAgent);
    }

    public AnnoLabClientConfig withMaxResponseBytes(int value) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, maxInFlight, connectTimeout, requestTimeout, truststore,
                value, userAgent);
    }

    public AnnoLabClientConfig withUserAgent(String value) {
        return new AnnoLabClientConfig(baseUrl, apiKeys, maxInFlight, connectTimeout, requestTimeout, truststore,
                maxResponseBytes, value);
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** A PKCS12 or JKS file of trusted certificates. Its password is redacted in toString. */
    public record Truststore(Path path, String password, Format format) {

        public enum Format { PKCS12, JKS }

        public Truststore {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(format, "format");
        }

        /** Infers the format from the file name: {@code .jks} is JKS, anything else PKCS12 (the JDK default). */
        public static Truststore of(Path path, String password) {
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            return new Truststore(path, password, name.endsWith(".jks") ? Format.JKS : Format.PKCS12);
        }

        @Override
        public String toString() {
            return "Truststore[path=" + path + ", format=" + format + ", password=redacted]";
        }
    }
}
