package dev.inferstream.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP transport to a Confluent-compatible registry: content type, credentials, and failover across
 * the configured URLs. Only a failure to get any answer moves on to the next URL; an HTTP error is the
 * registry's verdict and another node would give the same.
 */
final class RegistryHttp {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    // Bounded so that a hung node fails over instead of stalling a stream thread past max.poll.interval.ms.
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final int MAX_BODY_IN_MESSAGE = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

    private final List<String> baseUrls;
    private final Optional<BasicAuthCredentials> credentials;
    private final HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    RegistryHttp(List<String> baseUrls, Optional<BasicAuthCredentials> credentials) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one registry URL is needed");
        }
        this.baseUrls = baseUrls.stream().map(RegistryHttp::withoutTrailingSlash).toList();
        this.credentials = credentials;
        this.client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    List<String> baseUrls() {
        return baseUrls;
    }

    RegistryResponse get(String path) {
        return send(path, HttpRequest.BodyPublishers.noBody(), "GET");
    }

    RegistryResponse post(String path, Object body) {
        return send(path, HttpRequest.BodyPublishers.ofString(toJson(body)), "POST");
    }

    private RegistryResponse send(String path, HttpRequest.BodyPublisher body, String method) {
        List<String> tried = new ArrayList<>();
        IOException lastFailure = null;
        for (String baseUrl : baseUrls) {
            String url = baseUrl + path;
            tried.add(url);
            try {
                HttpResponse<String> response = client.send(request(url, method, body), HttpResponse.BodyHandlers.ofString());
                return parse(url, response);
            } catch (IOException e) {
                // DEBUG: a registry outage fails every call; whoever handles the outage reports it once.
                LOG.debug("schema registry {} {} failed ({}); trying the next URL if any", method, url, e.toString());
                lastFailure = e;
            } catch (InterruptedException e) {
                throw new InterruptException(e);
            }
        }
        throw RegistryErrors.unreachable(tried, lastFailure);
    }

    private HttpRequest request(String url, String method, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", CONTENT_TYPE)
                .header("Content-Type", CONTENT_TYPE)
                .method(method, body);
        credentials.ifPresent(c -> builder.header("Authorization", c.authorizationHeader()));
        return builder.build();
    }

    private RegistryResponse parse(String url, HttpResponse<String> response) {
        int status = response.statusCode();
        JsonNode body = readTree(response.body());
        boolean success = status >= 200 && status < 300;
        if (success || !body.has("error_code")) {
            return new RegistryResponse(url, status, status, success ? "" : abbreviate(response.body()), body);
        }
        return new RegistryResponse(url, status, body.path("error_code").asInt(status), body.path("message").asText(""), body);
    }

    /** A body that is not JSON is kept out of the tree; callers then see a node without the fields they need. */
    private JsonNode readTree(String text) {
        try {
            return text == null || text.isBlank() ? MissingNode.getInstance() : json.readTree(text);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    private String toJson(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON", e);
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= MAX_BODY_IN_MESSAGE ? oneLine : oneLine.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
