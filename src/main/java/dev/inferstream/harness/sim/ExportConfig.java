package dev.inferstream.harness.sim;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the simulator's exports behave.
 *
 * @param duration            time from the POST until an export ends, drawn per export ({@code never}: it stays
 *                            {@code started})
 * @param erroredShare        share of exports that end {@code errored} instead of {@code finished}
 * @param downloadUrlLifetime how long a download URL works after the status check that handed it out
 * @param statusBase          when present, status URLs point at this base instead of the simulator's own
 */
public record ExportConfig(DurationSpec duration, double erroredShare, Duration downloadUrlLifetime,
                           Optional<URI> statusBase) {

    /** In {@link DurationSpec#parse}'s form, so flag descriptions can show it. */
    public static final String DEFAULT_DURATION_TEXT = "1000..3000";
    public static final DurationSpec DEFAULT_DURATION = DurationSpec.parse(DEFAULT_DURATION_TEXT);
    public static final double DEFAULT_ERRORED_SHARE = 0.1;
    public static final long DEFAULT_DOWNLOAD_URL_LIFETIME_SECONDS = 900;
    public static final Duration DEFAULT_DOWNLOAD_URL_LIFETIME = Duration.ofSeconds(DEFAULT_DOWNLOAD_URL_LIFETIME_SECONDS);

    public ExportConfig {
        Objects.requireNonNull(duration, "duration");
        if (!(erroredShare >= 0.0 && erroredShare <= 1.0)) {
            throw new IllegalArgumentException("exportErroredShare must be in [0, 1], was " + erroredShare);
        }
        if (downloadUrlLifetime.isNegative() || downloadUrlLifetime.isZero()) {
            throw new IllegalArgumentException("downloadUrlLifetime must be positive, was " + downloadUrlLifetime);
        }
        Objects.requireNonNull(statusBase, "statusBase");
        statusBase.ifPresent(ExportConfig::requireHttpBase);
    }

    public static ExportConfig defaults() {
        return new ExportConfig(DEFAULT_DURATION, DEFAULT_ERRORED_SHARE, DEFAULT_DOWNLOAD_URL_LIFETIME, Optional.empty());
    }

    public ExportConfig withDuration(DurationSpec spec) {
        return new ExportConfig(spec, erroredShare, downloadUrlLifetime, statusBase);
    }

    public ExportConfig withErroredShare(double share) {
        return new ExportConfig(duration, share, downloadUrlLifetime, statusBase);
    }

    public ExportConfig withDownloadUrlLifetime(Duration lifetime) {
        return new ExportConfig(duration, erroredShare, lifetime, statusBase);
    }

    public ExportConfig withStatusBase(Optional<URI> base) {
        return new ExportConfig(duration, erroredShare, downloadUrlLifetime, base);
    }

    /** Status URLs are this base plus a path, so anything but a plain http(s) origin would make them unusable. */
    private static void requireHttpBase(URI base) {
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || base.getHost() == null
                || base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("exportStatusBase must be an http(s) URL without query, was " + base);
        }
    }
}
