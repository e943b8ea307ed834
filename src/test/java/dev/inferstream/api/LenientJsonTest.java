package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LenientJsonTest {

    static JsonNode parse(String json) {
        return LenientJson.object(json.getBytes(StandardCharsets.UTF_8)).orElseThrow();
    }

    @Test
    void givenTrailingCommasInObjectAndArray_parses() {
        JsonNode node = parse("{\"a\": [1, 2,], \"b\": \"x\",}");

        assertThat(LenientJson.longs(node, "a")).containsExactly(1L, 2L);
        assertThat(LenientJson.text(node, "b")).hasValue("x");
    }

    @Test
    void givenIdsAsNumbersOrNumericStrings_readsBothAndRejectsTheRest() {
        JsonNode node = parse("{\"n\": 7, \"s\": \" 8 \", \"f\": 1.5, \"huge\": \"99999999999999999999\", \"w\": \"7a\"}");

        assertThat(LenientJson.longValue(node, "n")).hasValue(7);
        assertThat(LenientJson.longValue(node, "s")).hasValue(8);
        assertThat(LenientJson.longValue(node, "f")).isEmpty();
        assertThat(LenientJson.longValue(node, "huge")).isEmpty();
        assertThat(LenientJson.longValue(node, "w")).isEmpty();
        assertThat(LenientJson.longValue(node, "absent")).isEmpty();
    }

    @Test
    void givenNonObjectOrBrokenJson_returnsEmpty() {
        assertThat(LenientJson.object("[1, 2]".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LenientJson.object("{\"a\": ".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(LenientJson.object(new byte[0])).isEmpty();
    }

    @Test
    void givenBlankOrNumericStatus_isNotText() {
        JsonNode node = parse("{\"blank\": \"  \", \"number\": 3}");

        assertThat(LenientJson.text(node, "blank")).isEmpty();
        assertThat(LenientJson.text(node, "number")).isEmpty();
    }
}
