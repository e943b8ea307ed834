package dev.inferstream.api;

import static dev.inferstream.api.VertxAnnoLabClientTest.await;
import static dev.inferstream.api.VertxAnnoLabClientTest.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.inferstream.api.ApiOutcome.Accepted;
import dev.inferstream.api.ApiOutcome.JobStatus;
import dev.inferstream.api.ApiOutcome.Transient;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Connections, timeouts, body limits and pool size, over real sockets. */
class VertxAnnoLabClientTransportTest {

    static Vertx serverVertx;
    ScriptedServer server;

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
        server = ScriptedServer.plain(serverVertx);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void givenNothingListensOnThePort_returnsTransientConnectionFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(
                config(URI.create("http://localhost:" + closedPort)))) {

            StatusOutcome outcome = await(client.status(1));

            assertThat(outcome).isInstanceOfSatisfying(Transient.class, failure -> {
                assertThat(failure.cause()).startsWith("connection failed").containsIgnoringCase("refused");
                assertThat(failure.httpStatus()).isEqualTo(ApiOutcome.NO_RESPONSE);
                assertThat(failure.latency()).isLessThan(Duration.ofSeconds(2));
            });
        }
    }

    @Test
    void givenUnknownHost_returnsTransientDnsFailure() throws Exception {
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(
                config(URI.create("http://no-such-host.invalid")))) {

            assertThat(await(client.status(1))).isInstanceOfSatisfying(Transient.class,
                    failure -> assertThat(failure.cause()).startsWith("DNS lookup failed"));
        }
    }

    @Test
    void givenServerNeverAnswers_returnsTransientWithinTheRequestTimeout() throws Exception {
        server.script((request, body) -> { });
        Duration timeout = Duration.ofMillis(500);
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(
                config(server.baseUrl()).withRequestTimeout(timeout))) {

            StatusOutcome outcome = await(client.status(1));

            assertThat(outcome).isInstanceOfSatisfying(Transient.class, failure -> {
                assertThat(failure.cause()).isEqualTo("no complete response within 500 ms");
                assertThat(failure.latency()).isBetween(timeout, timeout.plusSeconds(2));
            });
        }
    }

    @Test
    void givenBodyLargerThanTheMaximum_returnsTransientAndStopsReading() throws Exception {
        long total = 64L << 20;
        AtomicLong written = new AtomicLong();
        AtomicBoolean connectionClosed = new AtomicBoolean();
        server.script((request, body) -> {
            HttpServerResponse response = request.response().setChunked(true).setStatusCode(200);
            response.closeHandler(v -> connectionClosed.set(true));
            streamZeros(response, total, written);
        });
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(
                config(server.baseUrl()).withMaxResponseBytes(64 * 1024))) {

            StatusOutcome outcome = await(client.status(1));

            assertThat(outcome).isInstanceOfSatisfying(Transient.class,
                    failure -> assertThat(failure.cause()).isEqualTo("response body exceeds 65536 bytes"));
            // The client reset the connection instead of draining 64 MiB: the server could not finish.
            await().atMost(Duration.ofSeconds(5)).untilTrue(connectionClosed);
            assertThat(written.get()).isLessThan(total);
        }
    }

    /**
     * Writes zeros one chunk at a time, each once the previous one reached the socket, so the server can
     * only get ahead of the client by what the socket buffers hold. Stops when the connection goes.
     */
    private static void streamZeros(HttpServerResponse response, long total, AtomicLong written) {
        if (written.get() >= total) {
            response.end();
            return;
        }
        Context context = Vertx.currentContext();
        response.write(Buffer.buffer(new byte[64 * 1024])).onSuccess(v -> {
            written.addAndGet(64 * 1024);
            context.runOnContext(next -> streamZeros(response, total, written));
        });
    }

    @Test
    void givenBodyExactlyAtTheMaximum_readsIt() throws Exception {
        String padding = " ".repeat(1000);
        String body = "{\"inferenceJobId\": 1, \"status\": \"Running\"}";
        String exact = body + padding;
        server.answer(200, exact);
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(
                config(server.baseUrl()).withMaxResponseBytes(exact.length()))) {

            assertThat(await(client.status(1))).isInstanceOf(JobStatus.class);
        }
    }

    @Test
    void givenMaxInFlight256_holds200RequestsOpenAtOnce() throws Exception {
        int target = 200;
        int requests = 256;
        AtomicInteger open = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CompletableFuture<Void> release = new CompletableFuture<>();
        server.script((request, body) -> {
            int now = open.incrementAndGet();
            peak.accumulateAndGet(now, Math::max);
            if (now >= target) {
                release.complete(null);
            }
            release.thenRun(() -> {
                open.decrementAndGet();
                request.response().setStatusCode(200).end("{\"inferenceJobId\": 1, \"status\": \"Running\"}");
            });
        });
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(config(server.baseUrl())
                .withMaxInFlight(requests).withRequestTimeout(Duration.ofSeconds(30)))) {

            List<CompletableFuture<StatusOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                calls.add(client.status(1).toCompletableFuture());
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            System.out.printf("in-flight peak with maxInFlight=%d: %d%n", requests, peak.get());
            assertThat(peak.get()).isGreaterThanOrEqualTo(target);
            assertThat(calls).allSatisfy(call -> assertThat(call.join()).isInstanceOf(JobStatus.class));
        }
    }

    @Test
    void givenCallInFlight_closeCompletesItAsTransient() throws Exception {
        AtomicInteger arrived = new AtomicInteger();
        server.script((request, body) -> arrived.incrementAndGet());
        VertxAnnoLabClient client = VertxAnnoLabClient.create(
                config(server.baseUrl()).withRequestTimeout(Duration.ofSeconds(30)));
        CompletionStage<StatusOutcome> pending = client.status(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> arrived.get() == 1);

        client.close();

        assertThat(await(pending)).isInstanceOf(Transient.class);
    }

    @Test
    void givenClosedClient_callsReturnTransient() throws Exception {
        VertxAnnoLabClient client = VertxAnnoLabClient.create(config(server.baseUrl()));
        client.close();

        assertThat(await(client.submit(VertxAnnoLabClientTest.REQUEST))).isInstanceOf(Transient.class);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void givenSequentialCalls_reusesKeepAliveConnections() throws Exception {
        int calls = 8;
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server.script((request, body) -> {
            clientPorts.add(request.remoteAddress().port());
            request.response().setStatusCode(201).end("{\"inferenceJobId\": 3, \"status\": \"Queued\"}");
        });
        try (VertxAnnoLabClient client = VertxAnnoLabClient.create(config(server.baseUrl()))) {
            for (int i = 0; i < calls; i++) {
                assertThat(await(client.submit(VertxAnnoLabClientTest.REQUEST))).isInstanceOf(Accepted.class);
            }
        }
        // Vert.x may open one connection per event loop the calls land on, but reuses them after that.
        assertThat(server.received()).hasSize(calls);
        assertThat(clientPorts.size()).isLessThan(calls);
    }
}
