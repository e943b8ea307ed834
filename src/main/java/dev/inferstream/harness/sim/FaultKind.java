package dev.inferstream.harness.sim;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The failures the simulator injects in front of normal handling, by the name config files and flags use. */
public enum FaultKind {
    /** {@code 429} with a {@code Retry-After} header. */
    RATE_LIMITED("rate-limited"),
    INTERNAL_ERROR("internal-error"),
    BAD_GATEWAY("bad-gateway"),
    UNAVAILABLE("unavailable"),
    /** Answered normally, but only after the configured slow delay. */
    SLOW("slow"),
    /** The connection is closed without an answer. */
    DROPPED("dropped");

    private final String externalName;

    FaultKind(String externalName) {
        this.externalName = externalName;
    }

    public String externalName() {
        return externalName;
    }

    public static FaultKind fromExternalName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.externalName.equals(name.trim()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown fault \"" + name + "\", expected one of " + externalNames()));
    }

    public static String externalNames() {
        return Arrays.stream(values()).map(FaultKind::externalName).collect(Collectors.joining(", "));
    }
}
