package dev.inferstream.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Every piece of a secret a leak check must not find: each window of {@link Redactor#FRAGMENT} characters. */
public final class KeyPieces {

    private KeyPieces() {}

    public static List<String> of(String key) {
        List<String> pieces = new ArrayList<>();
        for (int start = 0; start + Redactor.FRAGMENT <= key.length(); start++) {
            pieces.add(key.substring(start, start + Redactor.FRAGMENT));
        }
        return pieces;
    }

    /** The pieces of {@code key} that occur in {@code text}, ignoring case. */
    public static List<String> foundIn(String text, String key) {
        String folded = text.toLowerCase(Locale.ROOT);
        return of(key).stream().filter(piece -> folded.contains(piece.toLowerCase(Locale.ROOT))).toList();
    }
}
