package dev.inferstream.harness.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.RestSchemaRegistryClient;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two REST clients, as two processes would be, see the same ids through the loopback registry. */
class EmbeddedSchemaRegistryTest {

    private static final String SUBJECT = "inference-requested-value";

    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void start() throws IOException {
        registry = EmbeddedSchemaRegistry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void aSchemaRegisteredByOneClient_isFoundByIdSubjectAndLatestVersionByAnother() {
        int id = client().register(SUBJECT, InferenceRequested.getClassSchema());
        RestSchemaRegistryClient other = client();

        assertThat(other.schemaById(id)).isEqualTo(InferenceRequested.getClassSchema());
        assertThat(other.idOf(SUBJECT, InferenceRequested.getClassSchema())).isEqualTo(id);
        assertThat(other.latest(SUBJECT).id()).isEqualTo(id);
        assertThat(other.latest(SUBJECT).version()).isEqualTo(1);
    }

    @Test
    void unknownSubjectsSchemasAndIds_answerWithConfluentErrorCodes() {
        RestSchemaRegistryClient client = client();
        client.register(SUBJECT, InferenceRequested.getClassSchema());

        assertThatThrownBy(() -> client.idOf("nobody-value", InferenceRequested.getClassSchema()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40401");
        assertThatThrownBy(() -> client.idOf(SUBJECT, InferenceCompleted.getClassSchema()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40403");
        assertThatThrownBy(() -> client.schemaById(999))
                .isInstanceOf(SerializationException.class).hasMessageContaining("40403");
    }

    private RestSchemaRegistryClient client() {
        return new RestSchemaRegistryClient(List.of(registry.url()), Optional.empty());
    }
}
