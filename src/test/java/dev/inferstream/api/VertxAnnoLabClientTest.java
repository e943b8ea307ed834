package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.inferstream.api.ApiOutcome.Accepted;
import dev.inferstream.api.ApiOutcome.Forbidden;
import dev.inferstream.api.ApiOutcome.JobStatus;
import dev.inferstream.api.ApiOutcome.NotFound;
import dev.inferstream.api.ApiOutcome.RateLimited;
import dev.inferstream.api.ApiOutcome.Rejected;
import dev.inferstream.api.ApiOutcome.Transient;
import dev.inferstream.api.ApiOutcome.Unauthorized;
import dev.inferstream.api.ApiOutcome.UnusableAnswer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer the API can give, over real HTTP to a scripted server. */
class VertxAnnoLabClientTest {

    static final String KEY = "test-key-4f9a";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final SubmitRequest REQUEST = new SubmitRequest("proj-1", "model-7", List.of(11L, 12L),
            new SubmitRequest.OutputLayer.Numbered(5), "group-a");

    static Vertx vertx;
    ScriptedServer server;
    VertxAnnoLabClient client;

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void start() throws Exception {
        server = ScriptedServer.plain(vertx);
        client = new VertxAnnoLabClient(vertx, config(server.baseUrl()), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
    }

    static AnnoLabClientConfig config(URI baseUrl) {
        return AnnoLabClientConfig.of(baseUrl, ApiKey.of(KEY))
                .withConnectTimeout(Duration.ofSeconds(2))
                .withRequestTimeout(Duration.ofSeconds(2));
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void givenServerAnswers201_returnsAcceptedWithEveryField() throws Exception {
        server.answer(201, """
                {"inferenceJobId": 12, "status": "Queued", "projectName": "Contracts", "projectId": 3,
                 "outputLayerName": "entities", "outputLayerId": 5, "sourceIds": [11, 12], "extra": {"x": 1}}""");

        SubmitOutcome outcome = await(client.submit(REQUEST));

        assertThat(outcome).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.httpStatus()).isEqualTo(201);
            assertThat(accepted.latency()).isPositive();
            assertThat(accepted.job()).isEqualTo(new SubmittedJob(12, "Queued", OptionalLong.of(3),
                    Optional.of("Contracts"), OptionalLong.of(5), Optional.of("entities"), List.of(11L, 12L)));
        });
    }

    @Test
    void givenServerAnswers201WithTrailingCommaAndStringJobId_returnsAccepted() throws Exception {
        server.answer(201, "{\"inferenceJobId\": \"12\", \"status\": \"Queued\", \"sourceIds\": [\"11\", 12,],}");

        SubmitOutcome outcome = await(client.submit(REQUEST));

        assertThat(outcome).isInstanceOfSatisfying(Accepted.class, accepted -> {
            assertThat(accepted.job().jobId()).isEqualTo(12);
            assertThat(accepted.job().sourceIds()).containsExactly(11L, 12L);
            assertThat(accepted.job().projectName()).isEmpty();
        });
    }

    @Test
    void givenServerAnswers200WithJobToPost_returnsAccepted() throws Exception {
        server.answer(200, "{\"inferenceJobId\": 13, \"status\": \"Queued\"}");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Accepted.class,
                accepted -> assertThat(accepted.httpStatus()).isEqualTo(200));
    }

    @Test
    void givenNumberedOutputLayer_sendsExactlyTheDocumentedJsonAndHeaders() throws Exception {
        server.answer(201, "{\"inferenceJobId\": 12, \"status\": \"Queued\"}");

        await(client.submit(REQUEST));

        ScriptedServer.Received received = server.received().get(0);
        assertThat(received.method()).isEqualTo(HttpMethod.POST);
        assertThat(received.path()).isEqualTo("/v1/infer/batch");
        assertThat(JsonMapper.builder().build().readTree(received.body())).isEqualTo(JsonMapper.builder().build()
                .readTree("""
                        {"projectIdentifier": "proj-1", "modelIdentifier": "model-7", "sourceIds": [11, 12],
                         "outputLayerIdentifier": 5, "groupName": "group-a"}"""));
        assertThat(received.headers())
                .containsEntry("authorization", "Api-Key " + KEY)
                .containsEntry("content-type", "application/json")
                .containsEntry("user-agent", AnnoLabClientConfig.defaultUserAgent());
        assertThat(AnnoLabClientConfig.defaultUserAgent()).isEqualTo("Inferstream/development");
    }

    @Test
    void givenNamedOutputLayer_sendsItAsJsonString() throws Exception {
        server.answer(201, "{\"inferenceJobId\": 12, \"status\": \"Queued\"}");

        await(client.submit(new SubmitRequest("proj-1", "model-7", List.of(11L),
                new SubmitRequest.OutputLayer.Named("5"), "group-a")));

        var body = JsonMapper.builder().build().readTree(server.received().get(0).body());
        assertThat(body.get("outputLayerIdentifier").isTextual()).isTrue();
        assertThat(body.get("outputLayerIdentifier").asText()).isEqualTo("5");
        assertThat(body.get("sourceIds").get(0).isIntegralNumber()).isTrue();
    }

    @Test
    void givenBaseUrlWithPathPrefix_requestsStatusBelowIt() throws Exception {
        server.answer(200, "{\"inferenceJobId\": 42, \"status\": \"Running\"}");
        try (VertxAnnoLabClient prefixed = new VertxAnnoLabClient(vertx,
                config(URI.create(server.baseUrl() + "/annolab/")))) {

            await(prefixed.status(42));
        }

        ScriptedServer.Received received = server.received().get(0);
        assertThat(received.method()).isEqualTo(HttpMethod.GET);
        assertThat(received.path()).isEqualTo("/annolab/v1/infer/batch/42");
        assertThat(received.headers()).containsEntry("authorization", "Api-Key " + KEY);
    }

    @ParameterizedTest
    @CsvSource({"Finished, true, false", "FINISHED, true, false", "errored, false, true", "Running, false, false",
            "queued, false, false"})
    void givenServerAnswers200WithStatusOfAnyCase_returnsJobStatusRecognisingTerminal(
            String status, boolean finished, boolean errored) throws Exception {
        server.answer(200, "{\"inferenceJobId\": \"42\", \"status\": \"" + status
                + "\", \"projectId\": 3, \"sourceIds\": [1, 2],}");

        StatusOutcome outcome = await(client.status(42));

        assertThat(outcome).isInstanceOfSatisfying(JobStatus.class, job -> {
            assertThat(job.jobId()).isEqualTo(42);
            assertThat(job.status()).isEqualTo(status);
            assertThat(job.isFinished()).isEqualTo(finished);
            assertThat(job.isErrored()).isEqualTo(errored);
            assertThat(job.projectId()).hasValue(3);
            assertThat(job.sourceIds()).containsExactly(1L, 2L);
        });
    }

    @Test
    void givenServerAnswers400WithMessage_returnsRejectedWithThatMessage() throws Exception {
        server.answer(400, "{\"message\": \"Source 12 does not belong to project proj-1\"}");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.httpStatus()).isEqualTo(400);
            assertThat(rejected.message()).isEqualTo("Source 12 does not belong to project proj-1");
        });
    }

    @Test
    void givenServerAnswers400WithPlainText_returnsRejectedWithTrimmedExcerpt() throws Exception {
        server.answer(400, "  bad\n\n request " + "x".repeat(500));

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.message()).startsWith("bad request xxx");
            assertThat(rejected.message().length()).isLessThanOrEqualTo(201);
        });
    }

    @Test
    void givenServerAnswers422_returnsRejected() throws Exception {
        server.answer(422, "{\"message\": \"unprocessable\"}");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.httpStatus()).isEqualTo(422);
            assertThat(rejected.message()).isEqualTo("unprocessable");
        });
    }

    @Test
    void givenServerAnswers401_returnsUnauthorized() throws Exception {
        server.answer(401, "{\"message\": \"Invalid API key\"}");

        assertThat(await(client.submit(REQUEST))).isInstanceOf(Unauthorized.class);
        assertThat(await(client.status(1))).isInstanceOfSatisfying(Unauthorized.class,
                unauthorized -> assertThat(unauthorized.httpStatus()).isEqualTo(401));
    }

    @Test
    void givenServerAnswers403_returnsForbiddenWithMessage() throws Exception {
        server.answer(403, "{\"message\": \"Missing Model Run permission\"}");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Forbidden.class,
                forbidden -> assertThat(forbidden.message()).isEqualTo("Missing Model Run permission"));
    }

    @Test
    void givenServerAnswers404_returnsNotFound() throws Exception {
        server.answer(404, "{\"message\": \"Not found.\"}");

        assertThat(await(client.status(99))).isInstanceOfSatisfying(NotFound.class,
                notFound -> assertThat(notFound.httpStatus()).isEqualTo(404));
    }

    @Test
    void givenServerAnswers429WithSeconds_returnsRateLimitedWithThatDelay() throws Exception {
        server.answer(429, "{\"message\": \"slow down\"}", "Retry-After", "7");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(RateLimited.class,
                limited -> assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(7)));
    }

    @Test
    void givenServerAnswers429WithHttpDate_returnsRateLimitedWithThatDelay() throws Exception {
        server.answer(429, "", "Retry-After", "Sun, 01 Mar 2026 12:01:30 GMT");

        assertThat(await(client.status(5))).isInstanceOfSatisfying(RateLimited.class,
                limited -> assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(90)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "-3", "Sun, 99 Foo 2026"})
    void givenServerAnswers429WithoutUsableRetryAfter_returnsRateLimitedWithoutDelay(String header)
            throws Exception {
        if (header.isEmpty()) {
            server.answer(429, "");
        } else {
            server.answer(429, "", "Retry-After", header);
        }

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(RateLimited.class,
                limited -> assertThat(limited.retryAfter()).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 425, 500, 502, 503})
    void givenServerAnswersRetryableError_returnsTransientNamingTheStatus(int status) throws Exception {
        server.answer(status, "{\"message\": \"try later\"}");

        assertThat(await(client.status(5))).isInstanceOfSatisfying(Transient.class, failure -> {
            assertThat(failure.httpStatus()).isEqualTo(status);
            assertThat(failure.cause()).isEqualTo("HTTP " + status + ": try later");
        });
    }

    @Test
    void givenServerAnswers502WithHtmlPage_returnsTransientWithExcerpt() throws Exception {
        server.answer(502, "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                "Content-Type", "text/html");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Transient.class,
                failure -> assertThat(failure.cause()).startsWith("HTTP 502: <html><head><title>502 Bad Gateway"));
    }

    @Test
    void givenServerAnswers200WithHtml_returnsUnusableAnswerSayingNotJson() throws Exception {
        server.answer(200, "<html>maintenance</html>");

        assertThat(await(client.status(5))).isInstanceOfSatisfying(UnusableAnswer.class, failure -> {
            assertThat(failure.httpStatus()).isEqualTo(200);
            assertThat(failure.cause()).contains("not a JSON object").contains("maintenance");
        });
    }

    @Test
    void givenServerAnswers201WithInvalidJson_returnsUnusableAnswerSayingNotJson() throws Exception {
        server.answer(201, "{\"inferenceJobId\": 12, \"status\": ");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(UnusableAnswer.class,
                failure -> assertThat(failure.cause()).contains("not a JSON object"));
    }

    @Test
    void givenServerAnswers200WithoutStatus_returnsUnusableAnswerSayingStatusIsMissing() throws Exception {
        server.answer(200, "{\"inferenceJobId\": 5}");

        assertThat(await(client.status(5))).isInstanceOfSatisfying(UnusableAnswer.class,
                failure -> assertThat(failure.cause()).isEqualTo("HTTP 200 body lacks a text status"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"status\": \"Queued\"}", "{\"inferenceJobId\": -4, \"status\": \"Queued\"}",
            "{\"inferenceJobId\": 0, \"status\": \"Queued\"}", "{\"inferenceJobId\": \"abc\", \"status\": \"Queued\"}",
            "{\"inferenceJobId\": 1.5, \"status\": \"Queued\"}"})
    void givenServerAnswers201WithoutUsableJobId_returnsUnusableAnswerSayingJobIdIsMissing(String body)
            throws Exception {
        server.answer(201, body);

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(UnusableAnswer.class,
                failure -> assertThat(failure.cause()).isEqualTo("HTTP 201 body lacks a positive inferenceJobId"));
    }

    @Test
    void givenServerDescribesAnotherJob_returnsUnusableAnswer() throws Exception {
        server.answer(200, "{\"inferenceJobId\": 6, \"status\": \"Finished\"}");

        assertThat(await(client.status(5))).isInstanceOfSatisfying(UnusableAnswer.class,
                failure -> assertThat(failure.cause()).contains("job 6").contains("requested job 5"));
    }

    @Test
    void givenServerRedirects_doesNotFollowAndReturnsRejectedNamingTheTarget() throws Exception {
        server.answer(301, "", "Location", "http://elsewhere.invalid/v1/infer/batch");

        assertThat(await(client.submit(REQUEST))).isInstanceOfSatisfying(Rejected.class, rejected -> {
            assertThat(rejected.httpStatus()).isEqualTo(301);
            assertThat(rejected.message()).contains("redirect to http://elsewhere.invalid/v1/infer/batch")
                    .contains("not followed").contains("ANNOLAB_API_URL");
        });
        assertThat(server.received()).hasSize(1);
    }
}
