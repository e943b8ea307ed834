package dev.inferstream.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM-wide set of {@code mock://scope} registries. Every serde configured with the same scope
 * shares one registry, so a producer and a consumer in one process (the demo, a test) see the same
 * schema ids without a registry server.
 */
public final class MockSchemaRegistry {

    private static final Map<String, MockSchemaRegistryClient> SCOPES = new ConcurrentHashMap<>();

    private MockSchemaRegistry() {}

    public static MockSchemaRegistryClient clientForScope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistryClient::new);
    }

    /** Forgets the scope's schemas; the next {@link #clientForScope} starts from an empty registry. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }
}
