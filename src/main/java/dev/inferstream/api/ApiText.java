package dev.inferstream.api;

import java.nio.charset.StandardCharsets;

/**
 * The bound on text from AnnoLab (or composed around it) that is copied into events, job state and
 * logs. An API may answer with a megabyte of error text; copied as is, it would overflow the record
 * that carries it and be repeated in every log line about the request.
 */
public final class ApiText {

    /** At most this many UTF-8 bytes, the ellipsis included. */
    public static final int MAX_BYTES = 1024;
    static final String ELLIPSIS = "…";
    private static final int ELLIPSIS_BYTES = ELLIPSIS.getBytes(StandardCharsets.UTF_8).length;

    private ApiText() {}

    /** The text cut to {@link #MAX_BYTES}. Redact before calling this, never after. */
    public static String bounded(String text) {
        return cut(text, MAX_BYTES);
    }

    /** The text, or its longest prefix that fits {@code maxBytes} with an ellipsis; never splits a character. */
    static String cut(String text, int maxBytes) {
        // Every char takes at most 3 UTF-8 bytes (a surrogate pair, 2 chars, takes 4).
        if ((long) text.length() * 3 <= maxBytes) {
            return text;
        }
        int budget = maxBytes - ELLIPSIS_BYTES;
        int bytes = 0;
        int end = 0;
        int cutAt = -1;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = utf8Length(codePoint);
            if (cutAt < 0 && bytes + size > budget) {
                cutAt = end;
            }
            bytes += size;
            if (bytes > maxBytes) {
                return text.substring(0, cutAt) + ELLIPSIS;
            }
            end += Character.charCount(codePoint);
        }
        return text;
    }

    private static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }
}
