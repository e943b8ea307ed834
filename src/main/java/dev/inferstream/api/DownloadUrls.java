package dev.inferstream.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a {@code downloadUrl} of a finished export can be handed on as it is. It is a signed URL
 * on AnnoLab's storage, usually another host than the API, which Inferstream never calls: it needs no key.
 * It cannot be redacted or cut without breaking it, so one that is not a plain http(s) URL, is very long,
 * or holds a piece of the API key is refused whole.
 */
final class DownloadUrls {

    /** Signed URLs with session tokens run to a few KiB; longer ones are not copied into events. */
    static final int MAX_CHARS = 8192;

    private final Redactor redactor;

    DownloadUrls(Redactor redactor) {
        this.redactor = redactor;
    }

    /** Why {@code url} cannot be handed on, or empty when it can. */
    Optional<String> problem(String url) {
        if (url.length() > MAX_CHARS) {
            return Optional.of("the downloadUrl has " + url.length() + " characters, more than " + MAX_CHARS);
        }
        if (!redactor.scrub(url).equals(url)) {
            return Optional.of("the downloadUrl contains part of the API key; it is not handed on");
        }
        try {
            URI parsed = new URI(url);
            String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && parsed.getHost() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException notAUrl) {
            // Reported below like any other URL that cannot be used.
        }
        return Optional.of("the downloadUrl is not an absolute http(s) URL: " + ApiText.cut(url, 200));
    }
}
