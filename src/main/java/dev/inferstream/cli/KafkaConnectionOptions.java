package dev.inferstream.cli;

import picocli.CommandLine.Option;

/** Where the tools that publish or read events find Kafka and the schema registry. */
final class KafkaConnectionOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}",
            description = "Kafka bootstrap servers (default: $KAFKA_BOOTSTRAP_SERVERS or ${DEFAULT-VALUE}).")
    private String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            defaultValue = "${env:SCHEMA_REGISTRY_URL:-http://localhost:8081}",
            description = "Schema registry URL(s) or mock://scope (default: $SCHEMA_REGISTRY_URL or ${DEFAULT-VALUE}).")
    private String schemaRegistryUrl;

    String bootstrapServers() {
        return bootstrapServers;
    }

    String schemaRegistryUrl() {
        return schemaRegistryUrl;
    }
}
