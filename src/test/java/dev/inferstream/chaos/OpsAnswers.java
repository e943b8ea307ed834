package dev.inferstream.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * GETs on the processors' ops ports. Unless told not to, every answer body is kept, so the suite can check
 * afterwards that no {@code /metrics} or {@code /jobs} answer ever carried the API key.
 */
final class OpsAnswers {

    /** One answer as scraped. */
    record Scraped(String url, int status, String body) {}

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final List<Scraped> scraped = new CopyOnWriteArrayList<>();
    private final boolean keep;

    /** Keeps every answer, for a secret scan. */
    OpsAnswers() {
        this(true);
    }

    /** @param keep whether to keep the answers (a suite that scrapes every second and scans nothing should not) */
    OpsAnswers(boolean keep) {
        this.keep = keep;
    }

    /** The answer, or empty when nothing listens or it does not answer in time (an instance that just died). */
    Optional<Scraped> get(int port, String path) {
        String url = "http://127.0.0.1:" + port + path;
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString());
            Scraped answer = new Scraped(url, response.statusCode(), response.body());
            if (keep) {
                scraped.add(answer);
            }
            return Optional.of(answer);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    List<Scraped> all() {
        return List.copyOf(scraped);
    }
}
