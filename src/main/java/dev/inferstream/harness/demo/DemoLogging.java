package dev.inferstream.harness.demo;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Keeps the demo's screen for the progress line: only warnings, and no stack trace for the planned bad record. */
final class DemoLogging {

    private static final List<String> WARN_ONLY = List.of("org.apache.kafka", "kafka", "state.change.logger",
            "io.netty", "io.vertx", "dev.inferstream");
    /**
     * Errors only, for warnings that are expected in the demo and say nothing to its viewer: the undecodable
     * record it sends on purpose (logged with a stack trace), a fresh KRaft controller activating, state in
     * a temp directory (the demo's state is thrown away), and the embedded broker closing its own clients
     * twice at shutdown.
     */
    private static final List<String> ERROR_ONLY = List.of(
            "org.apache.kafka.streams.errors.LogAndContinueExceptionHandler",
            "org.apache.kafka.streams.processor.internals.RecordDeserializer",
            "org.apache.kafka.controller.QuorumController",
            "org.apache.kafka.streams.processor.internals.StateDirectory",
            "org.apache.kafka.clients.NetworkClient");

    private DemoLogging() {
    }

    static void quiet() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            WARN_ONLY.forEach(name -> context.getLogger(name).setLevel(Level.WARN));
            ERROR_ONLY.forEach(name -> context.getLogger(name).setLevel(Level.ERROR));
        }
    }
}
