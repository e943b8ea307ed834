package dev.inferstream.serde;

import org.apache.kafka.common.config.ConfigException;

/** Chooses the registry implementation from the configured URL, as Confluent's serdes do for {@code mock://}. */
public final class SchemaRegistryClientFactory {

    private SchemaRegistryClientFactory() {}

    public static SchemaRegistryClient create(AvroSerdeConfig config) {
        if (config.registryUrls().isEmpty()) {
            throw new ConfigException("no " + AvroSerdeConfig.SCHEMA_REGISTRY_URL
                    + " configured: set it, or construct the serde with a SchemaRegistryClient");
        }
        if (config.isMock()) {
            String scope = config.registryUrls().get(0).substring(AvroSerdeConfig.MOCK_URL_PREFIX.length());
            return MockSchemaRegistry.clientForScope(scope);
        }
        return new RestSchemaRegistryClient(config.registryUrls(), config.credentials());
    }
}
