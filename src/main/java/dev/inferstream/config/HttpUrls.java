package dev.inferstream.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The URL checks the API and registry settings share: plain http(s), and the registry's list form. */
final class HttpUrls {

    static final String MOCK_PREFIX = "mock://";

    private HttpUrls() {
    }

    /** {@code http(s)://host[:port][/path]} without user info, query or fragment, or empty. */
    static Optional<URI> parse(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean valid = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null;
            return valid ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /** The comma-separated registry URLs, stripped, blanks dropped. */
    static List<String> registryList(String value) {
        return Arrays.stream(value.split(",")).map(String::strip).filter(url -> !url.isEmpty()).toList();
    }

    static boolean registryUsesMock(String value) {
        return registryList(value).stream().anyMatch(url -> url.startsWith(MOCK_PREFIX));
    }

    static boolean registryIsPlainHttp(String value) {
        List<String> urls = registryList(value);
        return !urls.isEmpty() && urls.stream().allMatch(url -> parse(url).isPresent());
    }
}
