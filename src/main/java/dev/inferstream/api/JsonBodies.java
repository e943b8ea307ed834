package dev.inferstream.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;

/** The JSON bodies Inferstream sends: built as trees, written as UTF-8. */
final class JsonBodies {

    private static final JsonMapper MAPPER = new JsonMapper();

    private JsonBodies() {}

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] write(ObjectNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException impossible) {
            // A tree of strings, numbers and booleans always serialises; this only satisfies the checked signature.
            throw new UncheckedIOException(impossible);
        }
    }
}
