package dev.inferstream.api;

/**
 * Removes the API key from text that leaves the client (outcome messages, causes, log lines). The key
 * is only ever put into a request header, so this guards against servers or libraries echoing it back.
 * Every key the process has used is removed, so a rotation leaves neither the old nor the new one readable.
 */
final class Redactor {

    static final String MARK = "[redacted]";

    private final ApiKeys keys;

    Redactor(ApiKeys keys) {
        this.keys = keys;
    }

    String scrub(String text) {
        String scrubbed = text;
        for (ApiKey key : keys.known()) {
            scrubbed = scrubbed.replace(key.reveal(), MARK);
        }
        return scrubbed;
    }
}
