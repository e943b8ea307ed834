package dev.inferstream.serde;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One registry answer. For failures, {@code errorCode} and {@code message} come from Confluent's error
 * body {@code {"error_code":..,"message":..}}; when the body is not that (a proxy's HTML page, say),
 * the HTTP status stands in for the code and the start of the body for the message.
 */
record RegistryResponse(String url, int status, int errorCode, String message, JsonNode body) {

    boolean isSuccess() {
        return status >= 200 && status < 300;
    }
}
