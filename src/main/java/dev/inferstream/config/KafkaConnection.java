package dev.inferstream.config;

import static dev.inferstream.config.EnvNames.KAFKA_BOOTSTRAP_SERVERS;
import static dev.inferstream.config.EnvNames.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;
import static dev.inferstream.config.EnvNames.SCHEMA_REGISTRY_URL;

import dev.inferstream.serde.AvroSerdeConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where Kafka and the schema registry are and how to sign in to both: the same variables for
 * {@code run} and for the tools that publish or read events ({@code submit}, {@code replay}, {@code tail}),
 * so a tool pointed at the service's environment reaches what the service reaches.
 *
 * @param bootstrapServers  Kafka bootstrap servers
 * @param schemaRegistryUrl {@code http(s)://…} (comma-separated), or {@code mock://scope} for {@code run} only
 * @param registryUserInfo  {@code user:password} for the registry's basic auth
 * @param kafkaProperties   {@code KAFKA_*} variables as Kafka property names (security settings and the like)
 */
public record KafkaConnection(String bootstrapServers, String schemaRegistryUrl, Optional<String> registryUserInfo,
                              Map<String, String> kafkaProperties) {

    /** Where a tool looks when neither a flag nor a variable says: a broker and a registry on this machine. */
    public static final String LOCAL_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String LOCAL_SCHEMA_REGISTRY = "http://localhost:8081";
    static final String BOOTSTRAP_FLAG = "--bootstrap-servers";
    static final String REGISTRY_FLAG = "--schema-registry-url";

    public KafkaConnection {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(schemaRegistryUrl, "schemaRegistryUrl");
        Objects.requireNonNull(registryUserInfo, "registryUserInfo");
        kafkaProperties = Map.copyOf(kafkaProperties);
    }

    /**
     * The connection of a tool: a flag wins over the variable {@code run} reads, which wins over the local
     * defaults. A {@code mock://} registry is refused, since it lives inside one process and a tool is
     * always another one: what it registered there, nobody else could read.
     *
     * @throws InvalidConfigException listing every problem, naming the flag and the variable
     */
    public static KafkaConnection forTools(Map<String, String> environment, Optional<String> bootstrapFlag,
                                           Optional<String> registryFlag) {
        ConfigReader reader = new ConfigReader(environment);
        String bootstrap = nonBlank(bootstrapFlag).or(() -> reader.optional(KAFKA_BOOTSTRAP_SERVERS))
                .orElse(LOCAL_BOOTSTRAP_SERVERS);
        String registry = nonBlank(registryFlag).or(() -> reader.optional(SCHEMA_REGISTRY_URL))
                .orElse(LOCAL_SCHEMA_REGISTRY);
        String registrySetting = REGISTRY_FLAG + " (or " + SCHEMA_REGISTRY_URL + ")";
        if (HttpUrls.registryUsesMock(registry)) {
            reader.problem(registrySetting + " is " + registry + ": a mock:// registry exists only inside one "
                    + "process, so schemas a tool registers there are unknown to the service; give the http(s) "
                    + "URL of the registry the service uses (the demo prints its own)");
        } else if (!HttpUrls.registryIsPlainHttp(registry)) {
            reader.problem(registrySetting + " must be http(s)://host[:port] URLs, comma-separated; put "
                    + "credentials in " + SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        }
        Optional<String> userInfo = reader.optional(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
        if (userInfo.isPresent() && !userInfo.get().contains(":")) {
            reader.problem(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO + " must be user:password");
        }
        if (!reader.problems().isEmpty()) {
            throw new InvalidConfigException(reader.problems());
        }
        return new KafkaConnection(bootstrap, String.join(",", HttpUrls.registryList(registry)), userInfo,
                KafkaPassthrough.from(environment));
    }

    /** Serde settings under Confluent's names, for the processor and for tools that read or write the topics. */
    public Map<String, String> serdeConfig() {
        Map<String, String> serde = new LinkedHashMap<>();
        serde.put(AvroSerdeConfig.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        registryUserInfo.ifPresent(userInfo -> {
            serde.put(AvroSerdeConfig.BASIC_AUTH_CREDENTIALS_SOURCE, AvroSerdeConfig.USER_INFO_SOURCE);
            serde.put(AvroSerdeConfig.BASIC_AUTH_USER_INFO, userInfo);
        });
        return serde;
    }

    /** Settings for a plain Kafka client (Admin, producer, consumer) with this connection and its security. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> properties = new LinkedHashMap<>(kafkaProperties);
        properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    private static Optional<String> nonBlank(Optional<String> flag) {
        return flag.map(String::strip).filter(value -> !value.isEmpty());
    }

    @Override
    public String toString() {
        return "KafkaConnection[bootstrapServers=" + bootstrapServers + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", registryUserInfo=" + registryUserInfo.map(info -> "redacted").orElse("none") + "]";
    }
}
