package dev.inferstream.topology;

import dev.inferstream.serde.RegisteredSchema;
import dev.inferstream.serde.RestSchemaRegistryClient;
import dev.inferstream.serde.SchemaRegistryClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * A registry that can stop answering: while down, every call goes to a REST client pointed at a loopback
 * port nothing listens on, so it fails exactly as an unreachable registry does. Counts calls made while down.
 */
final class SwitchableRegistry implements SchemaRegistryClient {

    private final SchemaRegistryClient up;
    private final SchemaRegistryClient down = new RestSchemaRegistryClient(List.of(closedPortUrl()), Optional.empty());
    private final AtomicInteger callsWhileDown = new AtomicInteger();
    private volatile boolean answering;
    private volatile int poisonId = Integer.MIN_VALUE;

    SwitchableRegistry(SchemaRegistryClient up, boolean answering) {
        this.up = up;
        this.answering = answering;
    }

    void answering(boolean value) {
        answering = value;
    }

    /** Asking for this schema id throws an unexpected exception, as a bug would. */
    void poison(int schemaId) {
        poisonId = schemaId;
    }

    int callsWhileDown() {
        return callsWhileDown.get();
    }

    private SchemaRegistryClient current() {
        if (answering) {
            return up;
        }
        callsWhileDown.incrementAndGet();
        return down;
    }

    @Override
    public int register(String subject, Schema schema) {
        return current().register(subject, schema);
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return current().idOf(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        if (id == poisonId) {
            throw new IllegalStateException("registry client bug for schema id " + id);
        }
        return current().schemaById(id);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return current().latest(subject);
    }

    private static String closedPortUrl() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
