package dev.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Guards the contract's evolution rule: schemas evolve BACKWARD-compatibly from their first version,
 * which is kept under test resources, and every field is documented.
 */
class SchemaCompatibilityTest {

    // Parse order matters: the others embed InferenceRequested by name.
    private static final List<String> NAMES = List.of("InferenceRequested", "InferenceCompleted", "InferenceFailed", "JobState");

    private static Map<String, Schema> current;
    private static Map<String, Schema> firstVersion;

    @BeforeAll
    static void parseSchemas() throws IOException {
        Schema.Parser currentParser = new Schema.Parser();
        Schema.Parser v1Parser = new Schema.Parser();
        current = new HashMap<>();
        firstVersion = new HashMap<>();
        for (String name : NAMES) {
            current.put(name, currentParser.parse(Path.of("schemas", name + ".avsc").toFile()));
            try (InputStream in = SchemaCompatibilityTest.class.getResourceAsStream("/schemas/v1/" + name + ".avsc")) {
                assertThat(in).as("v1 schema of " + name).isNotNull();
                firstVersion.put(name, v1Parser.parse(in));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"InferenceRequested", "InferenceCompleted", "InferenceFailed", "JobState"})
    void currentSchema_readsDataWrittenWithTheFirstVersion(String name) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(current.get(name), firstVersion.get(name));

        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    /**
     * Consumers that never upgraded their copy of the schema keep reading: an event with an export's results
     * (or a request asking for one) resolves against the first version by skipping the new fields. JobState
     * is internal; its new phases are read only by instances that know them.
     */
    @ParameterizedTest
    @ValueSource(strings = {"InferenceRequested", "InferenceCompleted", "InferenceFailed"})
    void aReaderOfTheFirstVersion_readsDataWrittenWithTheCurrentSchema(String name) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(firstVersion.get(name), current.get(name));

        assertThat(result.getType()).as(result.getDescription()).isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"InferenceRequested", "InferenceCompleted", "InferenceFailed", "JobState"})
    void everyFieldAddedSinceTheFirstVersion_hasADefault(String name) {
        Set<String> original = fieldNames(firstVersion.get(name)).stream().collect(Collectors.toSet());

        List<String> addedWithoutDefault = current.get(name).getFields().stream()
                .filter(field -> !original.contains(field.name()))
                .filter(field -> !field.hasDefaultValue())
                .map(Schema.Field::name)
                .toList();

        assertThat(addedWithoutDefault).isEmpty();
    }

    @Test
    void everyFieldOfEverySchemaFile_hasADoc() throws IOException {
        List<Path> files;
        try (var listing = Files.list(Path.of("schemas"))) {
            files = listing.filter(path -> path.toString().endsWith(".avsc")).sorted().toList();
        }
        assertThat(files).extracting(path -> path.getFileName().toString().replace(".avsc", ""))
                .containsExactlyInAnyOrderElementsOf(NAMES);

        List<String> undocumented = current.values().stream()
                .flatMap(schema -> schema.getFields().stream()
                        .filter(field -> field.doc() == null || field.doc().isBlank())
                        .map(field -> schema.getName() + "." + field.name()))
                .toList();

        assertThat(undocumented).isEmpty();
    }

    @Test
    void inferenceRequested_hasExactlyTheContractFieldsInOrder() {
        assertThat(fieldNames(current.get("InferenceRequested"))).containsExactly(
                "requestId", "groupName", "projectIdentifier", "modelIdentifier", "sourceIds",
                "outputLayerIdentifier", "timeoutSeconds", "priority", "replayOf", "attributes", "exportResults",
                "exportContents");
    }

    @Test
    void inferenceCompleted_hasExactlyTheContractFieldsInOrder() {
        assertThat(fieldNames(current.get("InferenceCompleted"))).containsExactly(
                "requestId", "inferenceJobId", "status", "projectId", "projectName", "outputLayerId",
                "outputLayerName", "sourceIds", "submittedAt", "completedAt", "submitAttempts", "statusChecks",
                "request", "results", "exportError");
    }

    @Test
    void inferenceFailed_hasExactlyTheContractFieldsInOrder() {
        assertThat(fieldNames(current.get("InferenceFailed"))).containsExactly(
                "requestId", "reason", "message", "httpStatus", "inferenceJobId", "retryable", "failedAt",
                "submitAttempts", "statusChecks", "request");
    }

    private static List<String> fieldNames(Schema schema) {
        return schema.getFields().stream().map(Schema.Field::name).toList();
    }
}
