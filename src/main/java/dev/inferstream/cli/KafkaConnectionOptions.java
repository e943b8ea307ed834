package dev.inferstream.cli;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InvalidConfigException;
import dev.inferstream.config.KafkaConnection;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where the tools that publish or read events find Kafka and the schema registry: the flags, else the
 * variables {@code run} reads ({@code KAFKA_*} security settings and the registry's credentials included),
 * else a broker and a registry on this machine.
 */
final class KafkaConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Default: $" + EnvNames.KAFKA_BOOTSTRAP_SERVERS + ", else "
                    + KafkaConnection.LOCAL_BOOTSTRAP_SERVERS + " (docker compose publishes Kafka on localhost:29092).")
    private Optional<String> bootstrapServers = Optional.empty();

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry URL(s), the one the service uses. Default: $" + EnvNames.SCHEMA_REGISTRY_URL
                    + ", else " + KafkaConnection.LOCAL_SCHEMA_REGISTRY + ". Credentials come from $"
                    + EnvNames.SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO + ", Kafka security from KAFKA_* as for run.")
    private Optional<String> schemaRegistryUrl = Optional.empty();

    /** The connection to use, or a command-line error naming every problem. */
    KafkaConnection resolve(CommandSpec spec, Map<String, String> environment) {
        try {
            return KafkaConnection.forTools(environment, bootstrapServers, schemaRegistryUrl);
        } catch (InvalidConfigException e) {
            throw new ParameterException(spec.commandLine(), String.join(System.lineSeparator(), e.problems()));
        }
    }
}
