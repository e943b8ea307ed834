package dev.inferstream.api;

/**
 * Removes the API key from text that leaves the client (outcome messages, causes, log lines). The key
 * is only ever put into a request header, so this guards against servers or libraries echoing it back.
 */
record Redactor(ApiKey key) {

    String scrub(String text) {
        return text.replace(key.reveal(), "[redacted]");
    }
}
