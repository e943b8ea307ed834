package dev.inferstream.api;

import java.util.List;
import java.util.Objects;

/** The body of {@code POST /v1/infer/batch}. */
public record SubmitRequest(String projectIdentifier, String modelIdentifier, List<Long> sourceIds,
                            OutputLayer outputLayer, String groupName) {

    public SubmitRequest {
        Objects.requireNonNull(projectIdentifier, "projectIdentifier");
        Objects.requireNonNull(modelIdentifier, "modelIdentifier");
        Objects.requireNonNull(outputLayer, "outputLayer");
        Objects.requireNonNull(groupName, "groupName");
        sourceIds = List.copyOf(sourceIds);
    }

    /** The API takes the output layer either by name or by numeric id, and the JSON type differs. */
    public sealed interface OutputLayer {
        record Named(String name) implements OutputLayer {
            public Named {
                Objects.requireNonNull(name, "name");
            }
        }

        record Numbered(long id) implements OutputLayer {}

        /** Maps Avro's {@code union {string, long}} value onto the two forms. */
        static OutputLayer of(Object value) {
            if (value instanceof Number number) {
                return new Numbered(number.longValue());
            }
            if (value instanceof CharSequence text) {
                return new Named(text.toString());
            }
            throw new IllegalArgumentException("output layer must be a string or a long, was "
                    + (value == null ? "null" : value.getClass().getSimpleName()));
        }
    }
}
