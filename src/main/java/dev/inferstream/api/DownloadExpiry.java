package dev.inferstream.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * When a download URL stops working, if AnnoLab says: a field of the status answer ({@code expiresAt}
 * or {@code downloadUrlExpiresAt}, an ISO-8601 instant or epoch seconds), or else the expiry the signed
 * URL itself carries (S3 and GCS V4 signatures: {@code X-Amz-Date} plus {@code X-Amz-Expires},
 * {@code X-Goog-Date} plus {@code X-Goog-Expires}; S3 V2 and CloudFront: {@code Expires} in epoch
 * seconds). Empty when none of these is there or readable.
 */
final class DownloadExpiry {

    private static final DateTimeFormatter SIGNATURE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    /** Epoch values above this are milliseconds: in seconds it is the year 5138. */
    private static final long LARGEST_EPOCH_SECONDS = 100_000_000_000L;

    private DownloadExpiry() {}

    static Optional<Instant> of(JsonNode answer, String downloadUrl) {
        Optional<Instant> stated = stated(answer, "expiresAt").or(() -> stated(answer, "downloadUrlExpiresAt"));
        return stated.isPresent() ? stated : signed(downloadUrl);
    }

    private static Optional<Instant> stated(JsonNode answer, String field) {
        OptionalLong epoch = LenientJson.longValue(answer, field);
        if (epoch.isPresent()) {
            long value = epoch.getAsLong();
            return Optional.of(value > LARGEST_EPOCH_SECONDS ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value));
        }
        return LenientJson.text(answer, field).flatMap(DownloadExpiry::isoInstant);
    }

    private static Optional<Instant> signed(String downloadUrl) {
        Map<String, String> query = query(downloadUrl);
        Optional<Instant> v4 = dated(query, "x-amz-date", "x-amz-expires")
                .or(() -> dated(query, "x-goog-date", "x-goog-expires"));
        if (v4.isPresent()) {
            return v4;
        }
        return number(query.get("expires")).filter(seconds -> seconds < LARGEST_EPOCH_SECONDS)
                .map(Instant::ofEpochSecond);
    }

    private static Optional<Instant> dated(Map<String, String> query, String dateName, String expiresName) {
        String date = query.get(dateName);
        Optional<Long> seconds = number(query.get(expiresName));
        if (date == null || seconds.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(date, SIGNATURE_DATE).toInstant(ZoneOffset.UTC)
                    .plusSeconds(seconds.get()));
        } catch (DateTimeParseException unreadable) {
            return Optional.empty();
        }
    }

    /** Query parameters by lower-case name; the URL was checked to parse before. */
    private static Map<String, String> query(String url) {
        Map<String, String> parameters = new HashMap<>();
        String raw = URI.create(url).getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.putIfAbsent(decode(pair.substring(0, equals)).toLowerCase(Locale.ROOT),
                        decode(pair.substring(equals + 1)));
            }
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return text;
        }
    }

    private static Optional<Long> number(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(text));
    }

    private static Optional<Instant> isoInstant(String text) {
        try {
            return Optional.of(Instant.parse(text.strip()));
        } catch (DateTimeParseException notIso) {
            return Optional.empty();
        }
    }
}
