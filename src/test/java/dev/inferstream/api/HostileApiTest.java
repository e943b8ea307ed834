package dev.inferstream.api;

import static dev.inferstream.api.VertxAnnoLabClientTest.REQUEST;
import static dev.inferstream.api.VertxAnnoLabClientTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.api.ApiOutcome.Accepted;
import dev.inferstream.api.ApiOutcome.JobStatus;
import dev.inferstream.api.ApiOutcome.Rejected;
import dev.inferstream.api.ApiOutcome.Transient;
import dev.inferstream.api.ApiOutcome.UnusableAnswer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** The real client against loopback servers that answer as badly as a server can. */
class HostileApiTest {

    static final String KEY = "sk-live-HOSTILE-ECHO-probe-7731";
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1_000);

    static Vertx serverVertx;
    ScriptedServer server;
    VertxAnnoLabClient client;
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger inferstream = (Logger) LoggerFactory.getLogger("dev.inferstream");
    Level previousLevel;

    @BeforeAll
    static void startVertx() {
        serverVertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        serverVertx.close().await(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        logs.start();
        root.addAppender(logs);
        previousLevel = inferstream.getLevel();
        inferstream.setLevel(Level.DEBUG);
        server = ScriptedServer.plain(serverVertx);
        client = VertxAnnoLabClient.create(AnnoLabClientConfig.of(server.baseUrl(), ApiKey.of(KEY))
                .withConnectTimeout(Duration.ofMillis(500))
                .withRequestTimeout(CALL_TIMEOUT));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        inferstream.setLevel(previousLevel);
        root.detachAppender(logs);
    }

    // ---- every call ends in bounded time ----

    @Test
    void givenHeadersThenOneByteAtATime_failsTheCallAtTheCallTimeout_andClosesTheConnection() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        server.script((request, body) -> trickle(request.response(), closed));

        long started = System.nanoTime();
        SubmitOutcome outcome = await(client.submit(REQUEST));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(outcome).isInstanceOfSatisfying(Transient.class, failure -> {
            assertThat(failure.cause()).isEqualTo("no complete response within 1000 ms");
            assertThat(failure.httpStatus()).isEqualTo(ApiOutcome.NO_RESPONSE);
        });
        assertThat(took).isGreaterThanOrEqualTo(CALL_TIMEOUT).isLessThan(CALL_TIMEOUT.plusSeconds(3));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(closed).hasValue(1));
    }

    @Test
    void given256TricklingCalls_everyOneEndsAtItsTimeout_andTheNextCallsAreServed() throws Exception {
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger trickling = new AtomicInteger(256);
        server.script((request, body) -> {
            if (trickling.getAndDecrement() > 0) {
                trickle(request.response(), closed);
            } else {
                request.response().setStatusCode(200).end("{\"inferenceJobId\": 9, \"status\": \"Running\"}");
            }
        });
        List<CompletionStage<StatusOutcome>> calls = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            calls.add(client.status(9));
        }

        for (CompletionStage<StatusOutcome> call : calls) {
            assertThat(call.toCompletableFuture().get(CALL_TIMEOUT.toSeconds() + 20, TimeUnit.SECONDS))
                    .isInstanceOf(Transient.class);
        }
        List<StatusOutcome> after = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            after.add(await(client.status(9)));
        }

        assertThat(after).allSatisfy(outcome -> assertThat(outcome).isInstanceOf(JobStatus.class));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(closed).hasValue(256));
    }

    /** Sends headers and a first byte, then one more byte every 100 ms for as long as the client listens. */
    private static void trickle(HttpServerResponse response, AtomicInteger closed) {
        response.setChunked(true).setStatusCode(201).putHeader("Content-Type", "application/json");
        response.write("{");
        long timer = serverVertx.setPeriodic(100, id -> response.write(" "));
        response.closeHandler(v -> {
            serverVertx.cancelTimer(timer);
            closed.incrementAndGet();
        });
    }

    // ---- redirects ----

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void givenARedirectToAnotherHost_failsWithoutSendingAnythingThere(int status) throws Exception {
        try (ScriptedServer elsewhere = ScriptedServer.plain(serverVertx)) {
            elsewhere.answer(201, "{\"inferenceJobId\": 1, \"status\": \"Queued\"}");
            String target = "http://127.0.0.1:" + elsewhere.port() + "/v1/infer/batch";
            server.answer(status, "", "Location", target);

            SubmitOutcome submitted = await(client.submit(REQUEST));
            StatusOutcome checked = await(client.status(1));

            assertThat(submitted).isInstanceOfSatisfying(Rejected.class, rejected -> {
                assertThat(rejected.httpStatus()).isEqualTo(status);
                assertThat(rejected.message()).contains("redirect to " + target)
                        .contains("not followed, so the API key is never sent to another host");
            });
            assertThat(checked).isInstanceOf(Rejected.class);
            assertThat(elsewhere.received()).isEmpty();
            assertThat(server.received()).hasSize(2);
        }
    }

    // ---- 2xx without a usable job ----

    @ParameterizedTest
    @ValueSource(strings = {"<html><body>Welcome to nginx</body></html>", "{}", "",
            "{\"inferenceJobId\": 12345678901234567890, \"status\": \"Queued\"}",
            "{\"inferenceJobId\": \"12345678901234567890\", \"status\": \"Queued\"}",
            "{\"inferenceJobId\": -5, \"status\": \"Queued\"}", "{\"inferenceJobId\": 7, \"status\": 3}",
            "[{\"inferenceJobId\": 7, \"status\": \"Queued\"}]", "{\"inferenceJobId\": 7, \"status\": \"\"}"})
    void given2xxWithoutAUsableJob_answersUnusableAnswer_toThePostAndToTheStatusGet(String body) throws Exception {
        server.answer(201, body);

        SubmitOutcome submitted = await(client.submit(REQUEST));
        StatusOutcome checked = await(client.status(7));

        assertThat(submitted).isInstanceOfSatisfying(UnusableAnswer.class, unusable -> {
            assertThat(unusable.httpStatus()).isEqualTo(201);
            assertThat(unusable.cause()).startsWith("HTTP 201 body ");
        });
        assertThat(checked).isInstanceOf(UnusableAnswer.class);
    }

    @Test
    void givenAnHtmlPageOfAMegabyte_keepsOnlyABoundedExcerpt() throws Exception {
        server.answer(201, "<html>" + "<p>maintenance</p>".repeat(50_000) + "</html>");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(UnusableAnswer.class, unusable ->
                assertThat(unusable.cause().getBytes(StandardCharsets.UTF_8).length).isLessThan(300));
    }

    @Test
    void givenAnnoLabsDocumentedSloppiness_stillReadsTheJob() throws Exception {
        server.answer(201, "{\"inferenceJobId\": \" 42 \", \"status\": \"QUEUED\", \"sourceIds\": [11, \"12\",],}");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Accepted.class,
                accepted -> assertThat(accepted.job().jobId()).isEqualTo(42));
        server.answer(200, "{\"inferenceJobId\": \"42\", \"status\": \"FINISHED\",}");
        assertThat(await(client.status(42))).isInstanceOfSatisfying(JobStatus.class,
                status -> assertThat(status.isFinished()).isTrue());
    }

    // ---- huge messages and echoes of the key ----

    @ParameterizedTest
    @ValueSource(ints = {400, 403, 500, 503})
    void givenAMegabyteMessage_keepsAtMostAKibibyteOfIt(int status) throws Exception {
        server.answer(status, "{\"message\": \"" + "too long ".repeat(110_000) + "\"}");

        ApiOutcome outcome = await(client.submit(REQUEST));

        assertThat(outcome.httpStatus()).isEqualTo(status);
        assertThat(textOf(outcome).getBytes(StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(ApiText.MAX_BYTES + "HTTP 500: ".length());
        assertThat(textOf(outcome)).contains("too long too long").endsWith("…");
    }

    @Test
    void givenEchoesOfTheKeyInEveryForm_noPieceOfItReachesAnOutcomeOrALogLine() throws Exception {
        List<String> echoes = List.of(
                "{\"message\": \"bad key " + "x".repeat(300) + " Authorization: Api-Key " + KEY + "\"}",
                "{\"message\": \"AUTHORIZATION: API-KEY " + KEY.toUpperCase(Locale.ROOT) + "\"}",
                "{\"message\": \"pieces " + KEY.substring(0, 9) + " / " + KEY.substring(9, 18) + " / "
                        + KEY.substring(18) + "\"}",
                "x".repeat(250) + KEY + "x".repeat(5_000),
                "<html>" + "y".repeat(180) + KEY.toLowerCase(Locale.ROOT) + "</html>",
                "{\"message\": \"" + "z".repeat(1_500) + KEY + "\"}");
        List<ApiOutcome> outcomes = new ArrayList<>();
        for (int status : new int[] {400, 403, 500, 200, 201}) {
            for (String echo : echoes) {
                server.answer(status, echo, "Location", "http://evil.invalid/" + KEY);
                outcomes.add(await(client.submit(REQUEST)));
                outcomes.add(await(client.status(1)));
            }
        }
        server.answer(302, "", "Location", "http://evil.invalid/?k=" + KEY.toUpperCase(Locale.ROOT));
        outcomes.add(await(client.submit(REQUEST)));
        server.answer(200, "{\"inferenceJobId\": 1, \"status\": \"" + KEY + "\", \"projectName\": \"" + KEY + "\"}");
        outcomes.add(await(client.status(1)));
        server.answer(201, "{\"inferenceJobId\": 1, \"status\": \"Queued " + KEY + "\", \"outputLayerName\": \""
                + KEY.toUpperCase(Locale.ROOT) + "\"}");
        outcomes.add(await(client.submit(REQUEST)));

        assertThat(outcomes).hasSize(63).allSatisfy(outcome ->
                assertThat(KeyPieces.foundIn(outcome.toString(), KEY)).as(outcome.toString()).isEmpty());
        assertThat(logs.list).isNotEmpty().allSatisfy(event ->
                assertThat(KeyPieces.foundIn(event.getFormattedMessage(), KEY)).isEmpty());
    }

    private static String textOf(ApiOutcome outcome) {
        if (outcome instanceof Rejected rejected) {
            return rejected.message();
        }
        if (outcome instanceof ApiOutcome.Forbidden forbidden) {
            return forbidden.message();
        }
        return ((Transient) outcome).cause();
    }
}
