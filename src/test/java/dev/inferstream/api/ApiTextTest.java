package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiTextTest {

    @Test
    void givenShortText_returnsItUnchanged() {
        String text = "Source 12 does not belong to project proj-1";

        assertThat(ApiText.bounded(text)).isSameAs(text);
    }

    @Test
    void givenAMegabyteOfAscii_cutsItToAKibibyteWithAnEllipsis() {
        String bounded = ApiText.bounded("m".repeat(1_000_000));

        assertThat(bounded.getBytes(StandardCharsets.UTF_8)).hasSize(ApiText.MAX_BYTES);
        assertThat(bounded).startsWith("mmm").endsWith(ApiText.ELLIPSIS);
    }

    @Test
    void givenMultiByteCharacters_countsBytesNotChars_andNeverSplitsASurrogatePair() {
        String text = "é".repeat(400) + "😀".repeat(400);

        String bounded = ApiText.bounded(text);

        byte[] utf8 = bounded.getBytes(StandardCharsets.UTF_8);
        assertThat(utf8.length).isLessThanOrEqualTo(ApiText.MAX_BYTES).isGreaterThan(ApiText.MAX_BYTES - 7);
        assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(bounded);
        assertThat(bounded.codePoints().filter(cp -> cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE))
                .isEmpty();
    }

    @Test
    void givenTextOfExactlyTheBound_keepsItWhole() {
        String text = "a".repeat(ApiText.MAX_BYTES);

        assertThat(ApiText.bounded(text)).isEqualTo(text);
        assertThat(ApiText.bounded(text + "b")).hasSize(ApiText.MAX_BYTES - 3 + 1).endsWith(ApiText.ELLIPSIS);
    }
}
