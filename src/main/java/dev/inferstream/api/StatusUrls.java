package dev.inferstream.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides whether an export status URL AnnoLab gave may be called with the API key: only when it points
 * at the configured API base (same scheme, host and port, and under its path), carries no credentials of
 * its own and no piece of the key. Anything else is never called, whatever AnnoLab (or something
 * pretending to be it) answered.
 */
final class StatusUrls {

    /** Longer URLs are not stored: they would be copied into state and events. */
    static final int MAX_CHARS = 2048;

    private final String scheme;
    private final String host;
    private final int port;
    private final String basePath;
    private final Redactor redactor;

    StatusUrls(URI baseUrl, Redactor redactor) {
        this.scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
        this.host = baseUrl.getHost().toLowerCase(Locale.ROOT);
        this.port = effectivePort(baseUrl);
        String path = baseUrl.getRawPath() == null ? "" : baseUrl.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.redactor = redactor;
    }

    /** What the check found. */
    sealed interface Checked permits OnBase, Elsewhere, Malformed {}

    /** Safe to call: {@code url} is the absolute URL to store, {@code requestUri} its path and query. */
    record OnBase(String url, String requestUri) implements Checked {}

    /** Not on the API base, or not safe to keep; {@code message} says why, redacted and bounded. */
    record Elsewhere(String message) implements Checked {}

    /** Not a URL at all; {@code cause} says why, redacted and bounded. */
    record Malformed(String cause) implements Checked {}

    Checked check(String text) {
        String trimmed = text.strip();
        if (trimmed.length() > MAX_CHARS) {
            return new Malformed("the export status URL has " + trimmed.length() + " characters, more than "
                    + MAX_CHARS);
        }
        if (!redactor.scrub(trimmed).equals(trimmed)) {
            return new Elsewhere("the export status URL contains part of the API key; it is neither called nor kept");
        }
        URI url;
        try {
            url = new URI(trimmed);
        } catch (URISyntaxException e) {
            return new Malformed("the export status URL is not a URL: " + ApiText.cut(trimmed, 200));
        }
        if (url.getScheme() == null || url.getRawAuthority() == null) {
            return new Malformed("the export status URL is not absolute: " + ApiText.cut(trimmed, 200));
        }
        if (url.getRawUserInfo() != null || url.getHost() == null
                || !url.getScheme().toLowerCase(Locale.ROOT).equals(scheme)
                || !url.getHost().toLowerCase(Locale.ROOT).equals(host)
                || effectivePort(url) != port
                || !isUnderBasePath(url.getRawPath())) {
            return new Elsewhere("AnnoLab's export status URL " + ApiText.cut(withoutQuery(url), 300)
                    + " is not on the configured API base " + scheme + "://" + host + ":" + port + basePath
                    + ": it is not called, so the API key is never sent there");
        }
        String query = url.getRawQuery() == null ? "" : "?" + url.getRawQuery();
        return new OnBase(trimmed, url.getRawPath() + query);
    }

    private boolean isUnderBasePath(String path) {
        return path != null && !path.contains("/../") && !path.endsWith("/..")
                && (basePath.isEmpty() ? path.startsWith("/") : path.startsWith(basePath + "/"));
    }

    /** Where the URL points, without its query (signatures) and user info (passwords). */
    private static String withoutQuery(URI url) {
        return url.getScheme() + "://" + (url.getHost() == null ? "(no host)" : url.getHost())
                + (url.getPort() == -1 ? "" : ":" + url.getPort()) + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static int effectivePort(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }
}
