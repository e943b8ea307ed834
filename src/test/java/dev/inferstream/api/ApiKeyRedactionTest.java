package dev.inferstream.api;

import static dev.inferstream.api.VertxAnnoLabClientTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.api.ApiOutcome.Rejected;
import dev.inferstream.api.ApiOutcome.Transient;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The key goes into the Authorization header and nowhere else. */
class ApiKeyRedactionTest {

    static final String KEY = "sk-live-REDACTION-PROBE-91c2";
    static final List<String> DEBUG_LOGGERS = List.of("dev.inferstream", "io.vertx", "io.netty");

    Vertx vertx;
    ScriptedServer server;
    ListAppender<ILoggingEvent> appender;
    Map<String, Level> previousLevels;
    Logger root;

    @BeforeEach
    void start() throws Exception {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
        previousLevels = new HashMap<>();
        for (String name : DEBUG_LOGGERS) {
            Logger logger = (Logger) LoggerFactory.getLogger(name);
            previousLevels.put(name, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
        vertx = Vertx.vertx();
        server = ScriptedServer.plain(vertx);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        vertx.close().await(10, TimeUnit.SECONDS);
        previousLevels.forEach((name, level) -> ((Logger) LoggerFactory.getLogger(name)).setLevel(level));
        root.detachAppender(appender);
    }

    @Test
    void givenCallsOfEveryKind_theKeyAppearsInNoLogLineToStringOrCause() throws Exception {
        AnnoLabClientConfig config = AnnoLabClientConfig.of(server.baseUrl(), ApiKey.of(KEY))
                .withRequestTimeout(Duration.ofMillis(400));
        List<ApiOutcome> outcomes = new ArrayList<>();
        try (VertxAnnoLabClient client = new VertxAnnoLabClient(vertx, config)) {
            server.answer(201, "{\"inferenceJobId\": 1, \"status\": \"Queued\"}");
            outcomes.add(await(client.submit(VertxAnnoLabClientTest.REQUEST)));
            // A server that echoes the Authorization header back, in a message and in an error page.
            server.script((request, body) -> request.response().setStatusCode(400)
                    .end("{\"message\": \"bad key " + request.getHeader("Authorization") + "\"}"));
            outcomes.add(await(client.submit(VertxAnnoLabClientTest.REQUEST)));
            server.script((request, body) -> request.response().setStatusCode(503)
                    .end("<html>" + request.getHeader("Authorization") + "</html>"));
            outcomes.add(await(client.status(1)));
            server.script((request, body) -> request.response().setStatusCode(200)
                    .end("not json " + request.getHeader("Authorization")));
            outcomes.add(await(client.status(1)));
            server.script((request, body) -> { });
            outcomes.add(await(client.status(1)));

            assertThat(client.toString()).doesNotContain(KEY).contains("ApiKey[redacted]");
        }
        server.answer(200, "{\"inferenceJobId\": 1, \"status\": \"Queued\", \"padding\": \"" + KEY + "\"}");
        try (VertxAnnoLabClient tiny = new VertxAnnoLabClient(vertx, config.withMaxResponseBytes(10))) {
            outcomes.add(await(tiny.status(1)));
        }
        try (VertxAnnoLabClient closedPort = new VertxAnnoLabClient(vertx,
                AnnoLabClientConfig.of(URI.create("http://localhost:" + freePort()), ApiKey.of(KEY)))) {
            outcomes.add(await(closedPort.status(1)));
        }

        assertThat(outcomes).hasSize(7).hasAtLeastOneElementOfType(Rejected.class);
        assertThat(outcomes.stream().filter(Transient.class::isInstance)).hasSize(4);
        assertThat(outcomes.get(3)).isInstanceOf(ApiOutcome.UnusableAnswer.class);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.toString()).doesNotContain(KEY));
        assertThat(((Rejected) outcomes.get(1)).message()).isEqualTo("bad key Api-Key [redacted]");
        assertThat(debugLinesOfTheClient()).hasSizeGreaterThanOrEqualTo(7);
        assertThat(appender.list).allSatisfy(event -> assertThat(everythingIn(event)).doesNotContain(KEY));
        assertThat(config.toString()).doesNotContain(KEY);
    }

    private List<ILoggingEvent> debugLinesOfTheClient() {
        return appender.list.stream()
                .filter(event -> event.getLoggerName().equals(VertxAnnoLabClient.class.getName()))
                .filter(event -> event.getLevel() == Level.DEBUG)
                .toList();
    }

    private static String everythingIn(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        event.getMDCPropertyMap().forEach((k, v) -> text.append(' ').append(v));
        return text.toString();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
