package dev.inferstream.api;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads AnnoLab's answers the way AnnoLab writes them, not the way JSON is specified: trailing commas
 * occur, ids come as numbers or as numeric strings, and unknown fields come and go. The tree model
 * ignores fields nobody asks for, so new fields never break parsing.
 */
final class LenientJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .build();

    private LenientJson() {}

    /** The body as a JSON object; empty when it is not JSON or not an object. */
    static Optional<JsonNode> object(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (IOException notJson) {
            return Optional.empty();
        }
    }

    /** A field holding an integral number or a numeric string, which must fit a long. */
    static OptionalLong longValue(JsonNode object, String field) {
        return asLong(object.path(field));
    }

    /** A non-blank string field. Numbers are not accepted: a status of 3 means something else entirely. */
    static Optional<String> text(JsonNode object, String field) {
        JsonNode node = object.path(field);
        return node.isTextual() && !node.asText().isBlank() ? Optional.of(node.asText()) : Optional.empty();
    }

    /**
     * The usable ids of an array field. The API merely echoes the ids it was sent, so an odd entry is
     * skipped rather than failing an otherwise good answer; the request keeps the authoritative list.
     */
    static List<Long> longs(JsonNode object, String field) {
        List<Long> values = new ArrayList<>();
        for (JsonNode element : object.path(field)) {
            asLong(element).ifPresent(values::add);
        }
        return values;
    }

    private static OptionalLong asLong(JsonNode node) {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return OptionalLong.of(node.longValue());
        }
        if (node.isTextual()) {
            String text = node.asText().trim();
            if (text.matches("-?\\d{1,19}")) {
                try {
                    return OptionalLong.of(Long.parseLong(text));
                } catch (NumberFormatException beyondLong) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
