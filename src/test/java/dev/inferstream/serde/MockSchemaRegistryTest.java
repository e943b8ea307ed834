package dev.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceRequested;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MockSchemaRegistryTest {

    private final String scope = "mock-test-" + UUID.randomUUID();
    private final String otherScope = scope + "-other";

    @AfterEach
    void dropScopes() {
        MockSchemaRegistry.dropScope(scope);
        MockSchemaRegistry.dropScope(otherScope);
    }

    @Test
    void clientsOfTheSameScope_shareSchemas() {
        int id = MockSchemaRegistry.clientForScope(scope).register("t-value", InferenceRequested.getClassSchema());

        SchemaRegistryClient fromConfig = SchemaRegistryClientFactory.create(
                AvroSerdeConfig.from(Map.of("schema.registry.url", "mock://" + scope)));

        assertThat(fromConfig.schemaById(id)).isEqualTo(InferenceRequested.getClassSchema());
    }

    @Test
    void differentScopes_doNotSeeEachOthersSchemas() {
        int id = MockSchemaRegistry.clientForScope(scope).register("t-value", InferenceRequested.getClassSchema());

        assertThatThrownBy(() -> MockSchemaRegistry.clientForScope(otherScope).schemaById(id))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id " + id + " not found")
                .hasMessageContaining("mock://" + otherScope);
    }

    @Test
    void droppingAScope_startsTheNextClientEmpty() {
        MockSchemaRegistry.clientForScope(scope).register("t-value", InferenceRequested.getClassSchema());

        MockSchemaRegistry.dropScope(scope);

        assertThatThrownBy(() -> MockSchemaRegistry.clientForScope(scope).latest("t-value"))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("40401");
    }

    @Test
    void distinctSchemasGetDistinctIds_andOneSchemaKeepsItsIdAcrossSubjects() {
        MockSchemaRegistryClient registry = MockSchemaRegistry.clientForScope(scope);

        int requested = registry.register("a-value", InferenceRequested.getClassSchema());
        int completed = registry.register("b-value", InferenceCompleted.getClassSchema());
        int requestedAgain = registry.register("c-value", InferenceRequested.getClassSchema());

        assertThat(completed).isNotEqualTo(requested);
        assertThat(requestedAgain).isEqualTo(requested);
    }

    @Test
    void latest_isTheNewestVersionOfTheSubject() {
        MockSchemaRegistryClient registry = MockSchemaRegistry.clientForScope(scope);
        registry.register("t-value", InferenceRequested.getClassSchema());
        int newest = registry.register("t-value", InferenceCompleted.getClassSchema());

        RegisteredSchema latest = registry.latest("t-value");

        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(newest);
        assertThat(latest.schema()).isEqualTo(InferenceCompleted.getClassSchema());
    }

    @Test
    void givenSchemaNotUnderSubject_lookupSaysToRegisterIt() {
        MockSchemaRegistryClient registry = MockSchemaRegistry.clientForScope(scope);
        registry.register("t-value", InferenceRequested.getClassSchema());

        assertThatThrownBy(() -> registry.idOf("t-value", InferenceCompleted.getClassSchema()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("40403")
                .hasMessageContaining("auto.register.schemas=true");
    }
}
