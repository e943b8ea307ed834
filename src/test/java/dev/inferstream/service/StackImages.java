package dev.inferstream.service;

/** The third-party images the local stack and the container tests share; a test keeps them in step. */
final class StackImages {

    static final String KAFKA = "apache/kafka:4.4.0";
    static final String SCHEMA_REGISTRY = "confluentinc/cp-schema-registry:8.0.0";

    private StackImages() {}
}
