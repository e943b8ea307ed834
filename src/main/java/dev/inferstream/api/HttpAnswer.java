package dev.inferstream.api;

import java.util.Optional;

/** A complete HTTP response as the classifier needs it, free of Vert.x types. */
record HttpAnswer(int status, Optional<String> retryAfter, Optional<String> location, byte[] body) {}
