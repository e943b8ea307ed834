package dev.inferstream.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import static dev.inferstream.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the simulator the way a benchmark would and prints what it sustained. Client and server share
 * this machine's cores, so the figure is a floor, and it only asserts that every answer was right.
 */
class ThroughputTest {

    private static final int JOBS = 5_000;
    private static final int STATUS_CHECKS = 20_000;
    private static final int CONCURRENCY = 256;

    private Vertx clientVertx;
    private WebClient web;

    @BeforeEach
    void createClient() {
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void closeClient() {
        clientVertx.close().await();
    }

    @ParameterizedTest(name = "serverInstances={0}")
    @ValueSource(ints = {1, 2})
    void givenManyConcurrentRequests_answersEveryOneCorrectly(int serverInstances) throws Exception {
        SimConfig config = TestConfigs.quick().serverInstances(serverInstances)
                .models(List.of(new SimModel(100, "fast-model", DurationSpec.uniform(Duration.ofSeconds(30), Duration.ofSeconds(60)))))
                .build();
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config)) {
            web = WebClient.create(clientVertx,
                    new WebClientOptions().setDefaultHost(config.host()).setDefaultPort(sim.port()),
                    new PoolOptions().setHttp1MaxSize(CONCURRENCY));

            Queue<Long> jobIds = new ConcurrentLinkedQueue<>();
            Burst submits = burst(JOBS, i -> web.post("/v1/infer/batch")
                            .putHeader("Authorization", "Api-Key " + KEY)
                            .sendBuffer(Buffer.buffer(SimClient.body("demo-project", "fast-model", "predictions", i + 1))),
                    response -> response.statusCode() == 201
                            && jobIds.add(response.bodyAsJsonObject().getLong("inferenceJobId")));
            assertThat(submits.failures()).isEmpty();
            assertThat(new HashSet<>(jobIds)).hasSize(JOBS);
            assertThat(sim.stats().jobs()).hasSize(JOBS);

            List<Long> ids = new ArrayList<>(jobIds);
            Set<Long> known = Set.copyOf(ids);
            burst(2_000, i -> status(ids.get(i % JOBS)), response -> response.statusCode() == 200);  // JIT warm-up
            Burst checks = burst(STATUS_CHECKS, i -> status(ids.get(i % JOBS)), response -> {
                JsonObject json = response.bodyAsJsonObject();
                return response.statusCode() == 200 && json.getString("status").equals("Running")
                        && known.contains(json.getLong("inferenceJobId"));
            });

            assertThat(checks.failures()).isEmpty();
            assertThat(sim.stats().statusChecks()).isEqualTo(2_000 + STATUS_CHECKS);
            System.out.printf("annolab-sim throughput, %d server instance(s), %d cores, concurrency %d:"
                            + " %d submits at %.0f req/s, %d status checks at %.0f req/s%n",
                    serverInstances, Runtime.getRuntime().availableProcessors(), CONCURRENCY,
                    JOBS, submits.perSecond(), STATUS_CHECKS, checks.perSecond());
        }
    }

    private Future<HttpResponse<Buffer>> status(long jobId) {
        return web.get("/v1/infer/batch/" + jobId).putHeader("Authorization", "Api-Key " + KEY).send();
    }

    record Burst(long requests, Duration took, List<String> failures) {
        double perSecond() {
            return requests * 1e9 / took.toNanos();
        }
    }

    /** Keeps CONCURRENCY requests in flight until {@code total} have been answered. */
    private Burst burst(int total, IntFunction<Future<HttpResponse<Buffer>>> request,
                        Predicate<HttpResponse<Buffer>> correct) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable[] fire = new Runnable[1];
        fire[0] = () -> {
            int i = next.getAndIncrement();
            if (i >= total) {
                return;
            }
            request.apply(i).onComplete(result -> {
                if (result.failed()) {
                    failures.add("request " + i + ": " + result.cause());
                } else if (!correct.test(result.result())) {
                    failures.add("request " + i + ": " + result.result().statusCode() + " " + result.result().bodyAsString());
                }
                if (answered.incrementAndGet() == total) {
                    done.complete(null);
                } else {
                    fire[0].run();
                }
            });
        };
        long start = System.nanoTime();
        clientVertx.runOnContext(v -> {
            for (int i = 0; i < CONCURRENCY; i++) {
                fire[0].run();
            }
        });
        done.get(2, TimeUnit.MINUTES);
        return new Burst(total, Duration.ofNanos(System.nanoTime() - start), List.copyOf(failures));
    }
}
