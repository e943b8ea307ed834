package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactorTest {

    static final String KEY = "sk-live-REDACTION-PROBE-91c2";
    final Redactor redactor = new Redactor(ApiKey.of(KEY));

    @Test
    void givenTheExactKey_replacesIt() {
        assertThat(redactor.scrub("bad key Api-Key " + KEY + " here")).isEqualTo("bad key Api-Key [redacted] here");
    }

    @Test
    void givenTheKeyInAnotherCase_replacesIt() {
        String upper = "AUTHORIZATION: API-KEY " + KEY.toUpperCase(Locale.ROOT);
        String lower = "authorization: api-key " + KEY.toLowerCase(Locale.ROOT);

        assertThat(redactor.scrub(upper)).isEqualTo("AUTHORIZATION: API-KEY [redacted]");
        assertThat(redactor.scrub(lower)).isEqualTo("authorization: api-key [redacted]");
    }

    @Test
    void givenAnyPieceOfEightCharacters_replacesIt() {
        for (String piece : KeyPieces.of(KEY)) {
            String scrubbed = redactor.scrub("<p>" + piece + "</p>");

            assertThat(scrubbed).as(piece).isEqualTo("<p>[redacted]</p>");
        }
    }

    @Test
    void givenTheKeyCutIntoPiecesWithTextBetween_replacesEveryPieceOfEightOrMore() {
        String text = "first " + KEY.substring(0, 12) + " then " + KEY.substring(12) + " and "
                + KEY.substring(3, 11).toUpperCase(Locale.ROOT);

        String scrubbed = redactor.scrub(text);

        assertThat(scrubbed).isEqualTo("first [redacted] then [redacted] and [redacted]");
        assertThat(KeyPieces.foundIn(scrubbed, KEY)).isEmpty();
    }

    @Test
    void givenPiecesShorterThanEight_keepsThem() {
        // Seven characters of the key are ordinary words too often to remove; seven cannot be guessed from.
        String seven = KEY.substring(0, 7);

        assertThat(redactor.scrub("x" + seven + "y")).isEqualTo("x" + seven + "y");
    }

    @Test
    void givenTheKeyAfterALongBody_replacesIt() {
        String text = "x".repeat(5_000) + "Authorization: Api-Key " + KEY + "y".repeat(5_000);

        String scrubbed = redactor.scrub(text);

        assertThat(scrubbed).doesNotContain(KEY).contains("Api-Key [redacted]y").hasSize(10_000 + 33);
    }

    @Test
    void givenTextWithoutTheKey_returnsItUnchanged() {
        String text = "Source 12 does not belong to project proj-1";

        assertThat(redactor.scrub(text)).isSameAs(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "abcdefg"})
    void givenAKeyShorterThanAPiece_replacesOnlyTheWholeKeyInAnyCase(String shortKey) {
        Redactor shortRedactor = new Redactor(ApiKey.of(shortKey));

        assertThat(shortRedactor.scrub("a " + shortKey.toUpperCase(Locale.ROOT) + " b " + shortKey.substring(1)))
                .isEqualTo("a [redacted] b " + shortKey.substring(1));
    }

    @Test
    void givenTheKeyRepeatedBackToBack_replacesTheWholeRunOnce() {
        assertThat(redactor.scrub("[" + KEY + KEY + "]")).isEqualTo("[[redacted]]");
    }

    @Test
    void givenAMegabyteOfText_scrubsEveryEchoInIt() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append(i % 1_000 == 0 ? KEY.toUpperCase(Locale.ROOT) : "").append(' ')
                    .append("abcdefghijklmnopqrstuvwxyz0123456789 ");
        }

        String scrubbed = redactor.scrub(text.toString());

        assertThat(text.length()).isGreaterThan(800_000);
        assertThat(KeyPieces.foundIn(scrubbed, KEY)).isEmpty();
        assertThat(scrubbed.split("\\[redacted]", -1)).hasSize(21);
    }
}
