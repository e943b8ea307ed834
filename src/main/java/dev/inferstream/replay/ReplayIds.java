package dev.inferstream.replay;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The requestId a replay gives a request. It must be deterministic, so that running the same replay
 * again yields the same ids and the processor's dedupe starts no second job, and distinct per replay
 * name, so that a deliberate second replay under a new name does run again.
 *
 * <p>Rule: {@code <name>:<originalId>} when that is at most {@value #MAX_READABLE_LENGTH} characters;
 * otherwise {@code <name>:<uuid>} with a name-based (MD5, version 3) UUID of {@code <name>:<originalId>}.
 * Names may not contain {@code ':'}, so the readable form is unambiguous.
 */
public final class ReplayIds {

    public static final int MAX_READABLE_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_NAME_LENGTH + "}");

    private final String name;

    public ReplayIds(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new ReplayException("--name '" + name + "' must be 1-" + MAX_NAME_LENGTH
                    + " characters of letters, digits, '.', '_' or '-'");
        }
        this.name = name;
    }

    public String name() {
        return name;
    }

    public String derive(String originalId) {
        String readable = name + ":" + originalId;
        if (readable.length() <= MAX_READABLE_LENGTH) {
            return readable;
        }
        return name + ":" + UUID.nameUUIDFromBytes(readable.getBytes(StandardCharsets.UTF_8));
    }

    /** True for a request this same replay published: re-replaying it would chain {@code name:name:...}. */
    public boolean isOwnReplay(String requestId, String replayOf) {
        return derive(replayOf).equals(requestId);
    }
}
