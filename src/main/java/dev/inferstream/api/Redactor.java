package dev.inferstream.api;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Removes the API key from text that leaves the client (outcome messages, causes, log lines). The key
 * is only ever put into a request header, so this guards against servers or libraries echoing it back:
 * whole, in another case, or in pieces. Every run of text in which each {@value #FRAGMENT}-character
 * window also occurs in the key (ignoring case) becomes {@value #MARK}, so no piece long enough to
 * narrow a search for the key survives. Scrub a whole text before cutting it: a cut first can split
 * the key and leave pieces the next reader cannot recognise as such. Every key the process has used
 * is removed, so a rotation leaves neither the old nor the new one readable.
 */
final class Redactor {

    /** The shortest piece of the key that is removed; a key shorter than this is removed only whole. */
    static final int FRAGMENT = 8;
    static final String MARK = "[redacted]";

    private final ApiKeys keys;
    /** One scrubber per key ever used: a rotation adds one; their window tables are built once. */
    private final Map<ApiKey, OneKey> scrubbers = new ConcurrentHashMap<>();

    Redactor(ApiKeys keys) {
        this.keys = keys;
    }

    Redactor(ApiKey key) {
        this(ApiKeys.fixed(key));
    }

    /** The text with every piece of every key this process has used replaced. */
    String scrub(String text) {
        String scrubbed = text;
        for (ApiKey key : keys.known()) {
            scrubbed = scrubbers.computeIfAbsent(key, OneKey::new).scrub(scrubbed);
        }
        return scrubbed;
    }

    private static final class OneKey {

        private static final int BASE = 31;

        private final String key;
        private final int window;
        /** Hash of every window of the key, case folded and sorted, so a text window is looked up cheaply. */
        private final int[] windowHashes;
        private final int highPower;

        OneKey(ApiKey key) {
            this.key = key.reveal();
            this.window = Math.min(FRAGMENT, this.key.length());
            this.windowHashes = new int[this.key.length() - window + 1];
            for (int start = 0; start < windowHashes.length; start++) {
                windowHashes[start] = hash(this.key, start, window);
            }
            Arrays.sort(windowHashes);
            int power = 1;
            for (int i = 1; i < window; i++) {
                power *= BASE;
            }
            this.highPower = power;
        }

        /** The text with every piece of the key replaced; linear in the text's length (a rolling hash). */
        String scrub(String text) {
            if (text.length() < window) {
                return text;
            }
            StringBuilder scrubbed = null;
            int copied = 0;
            int spanStart = -1;
            int spanEnd = -1;
            int hash = hash(text, 0, window);
            for (int start = 0; start + window <= text.length(); start++) {
                if (start > 0) {
                    hash = (hash - fold(text.charAt(start - 1)) * highPower) * BASE + fold(text.charAt(start + window - 1));
                }
                if (!occursInKey(text, start, hash)) {
                    continue;
                }
                if (spanStart >= 0 && start <= spanEnd) {
                    spanEnd = start + window;
                    continue;
                }
                if (spanStart >= 0) {
                    scrubbed = append(scrubbed, text, copied, spanStart);
                    copied = spanEnd;
                }
                spanStart = start;
                spanEnd = start + window;
            }
            if (spanStart < 0) {
                return text;
            }
            scrubbed = append(scrubbed, text, copied, spanStart);
            return scrubbed.append(text, spanEnd, text.length()).toString();
        }

        private boolean occursInKey(String text, int start, int hash) {
            int found = Arrays.binarySearch(windowHashes, hash);
            if (found < 0) {
                return false;
            }
            // A hash match is only a candidate: confirm it against the key's windows.
            for (int keyStart = 0; keyStart + window <= key.length(); keyStart++) {
                if (key.regionMatches(true, keyStart, text, start, window)) {
                    return true;
                }
            }
            return false;
        }

        private static StringBuilder append(StringBuilder scrubbed, String text, int from, int to) {
            StringBuilder target = scrubbed != null ? scrubbed : new StringBuilder(text.length());
            return target.append(text, from, to).append(MARK);
        }

        private static int hash(String text, int start, int length) {
            int hash = 0;
            for (int i = start; i < start + length; i++) {
                hash = hash * BASE + fold(text.charAt(i));
            }
            return hash;
        }

        /** The same folding {@link String#regionMatches(boolean, int, String, int, int)} compares with. */
        private static int fold(char c) {
            return Character.toLowerCase(Character.toUpperCase(c));
        }
    }
}
