package dev.inferstream.harness.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.inferstream.serde.MockSchemaRegistryClient;
import dev.inferstream.serde.RegisteredSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A schema registry that other processes can reach: Confluent's four REST endpoints that
 * {@code RestSchemaRegistryClient} calls, served over loopback HTTP on top of one private
 * {@link MockSchemaRegistryClient}. {@code mock://} scopes live inside one JVM, so a test or a benchmark
 * that runs the processor as separate processes needs this to share schema ids with them.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern ERROR_CODE = Pattern.compile("\\(error (\\d+)\\)");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");

    private record Answer(int status, Map<String, Object> body) {
        static Answer notFound(int errorCode, String message) {
            return new Answer(404, Map.of("error_code", errorCode, "message", message));
        }
    }

    private final MockSchemaRegistryClient registry = new MockSchemaRegistryClient("loopback");
    private final ObjectMapper json = new ObjectMapper();
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final int port;
    private HttpServer server;

    private EmbeddedSchemaRegistry() throws IOException {
        server = listen(0);
        port = server.getAddress().getPort();
    }

    private HttpServer listen(int onPort) throws IOException {
        HttpServer listening = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        listening.createContext("/", this::handle);
        // Several processors register and look up at once when they start together.
        listening.setExecutor(executor);
        listening.start();
        return listening;
    }

    /** Stops answering, as an outage would: connections to its port are refused until {@link #restart}. */
    public synchronized void stop() {
        server.stop(0);
    }

    /** Answers again on the same port, with every schema it had. */
    public synchronized void restart() throws IOException {
        server = listen(port);
    }

    public static EmbeddedSchemaRegistry start() throws IOException {
        return new EmbeddedSchemaRegistry();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                        exchange.getRequestBody().readAllBytes());
            } catch (SerializationException e) {
                answer = Answer.notFound(errorCode(e.getMessage()), e.getMessage());
            }
            byte[] bytes = json.writeValueAsBytes(answer.body());
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Answer answer(String method, String path, byte[] body) throws IOException {
        Matcher matcher;
        if (method.equals("GET") && (matcher = LATEST.matcher(path)).matches()) {
            RegisteredSchema latest = registry.latest(decode(matcher.group(1)));
            return new Answer(200, Map.of("subject", latest.subject(), "version", latest.version(),
                    "id", latest.id(), "schema", latest.schema().toString()));
        }
        if (method.equals("GET") && (matcher = BY_ID.matcher(path)).matches()) {
            return new Answer(200, Map.of("schema", registry.schemaById(Integer.parseInt(matcher.group(1))).toString()));
        }
        if (method.equals("POST") && (matcher = REGISTER.matcher(path)).matches()) {
            return new Answer(200, Map.of("id", registry.register(decode(matcher.group(1)), schemaOf(body))));
        }
        if (method.equals("POST") && (matcher = LOOKUP.matcher(path)).matches()) {
            String subject = decode(matcher.group(1));
            Schema schema = schemaOf(body);
            int id = registry.idOf(subject, schema);
            return new Answer(200, Map.of("subject", subject, "id", id, "schema", schema.toString()));
        }
        return Answer.notFound(404, "HTTP 404 Not Found");
    }

    private Schema schemaOf(byte[] body) throws IOException {
        JsonNode tree = json.readTree(body);
        return new Schema.Parser().parse(tree.path("schema").asText());
    }

    /** The mock's messages carry the registry error code, e.g. "(error 40401)", as the REST registry's do. */
    private static int errorCode(String message) {
        Matcher matcher = ERROR_CODE.matcher(String.valueOf(message));
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 404;
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
