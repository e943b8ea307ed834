package dev.inferstream.harness.sim;

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
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Loads the simulator the way a benchmark would and prints what it sustained, with one server instance
 * and with two. Client and server share this machine's cores, so the figures are floors; the test
 * asserts only that every answer was right.
 */
class ThroughputTest {

    private static final int JOBS = 5_000;
    private static final int WARM_UP_CHECKS = 10_000;
    private static final int STATUS_CHECKS = 20_000;
    private static final int CONCURRENCY = 64;

    private Vertx clientVertx;

    @BeforeEach
    void createClientVertx() {
        clientVertx = Vertx.vertx();
    }

    @AfterEach
    void closeClientVertx() {
        clientVertx.close().await();
    }

    @Test
    void givenThousandsOfJobsAndManyConcurrentChecks_answersEveryOneCorrectly() throws Exception {
        try (AnnoLabSimulator oneInstance = AnnoLabSimulator.startBlocking(config(1));
             AnnoLabSimulator twoInstances = AnnoLabSimulator.startBlocking(config(2))) {
            Load onOneInstance = new Load(oneInstance);
            Load onTwoInstances = new Load(twoInstances);
            Burst oneInstanceSubmits = onOneInstance.submitJobs();
            Burst twoInstancesSubmits = onTwoInstances.submitJobs();
            // Both run once before either is measured, so neither pays for the JIT alone.
            onOneInstance.checkStatuses(WARM_UP_CHECKS);
            onTwoInstances.checkStatuses(WARM_UP_CHECKS);

            Burst oneInstanceChecks = onOneInstance.checkStatuses(STATUS_CHECKS);
            Burst twoInstancesChecks = onTwoInstances.checkStatuses(STATUS_CHECKS);

            for (Burst burst : List.of(oneInstanceSubmits, twoInstancesSubmits, oneInstanceChecks, twoInstancesChecks)) {
                assertThat(burst.failures()).isEmpty();
            }
            assertThat(oneInstance.stats().statusChecks()).isEqualTo(WARM_UP_CHECKS + STATUS_CHECKS);
            assertThat(twoInstances.stats().jobs()).hasSize(JOBS);
            System.out.printf("annolab-sim throughput on %d cores, %d requests in flight, client in the same JVM:%n"
                            + "  1 server instance:  %d submits at %.0f req/s, %d status checks at %.0f req/s%n"
                            + "  2 server instances: %d submits at %.0f req/s, %d status checks at %.0f req/s%n",
                    Runtime.getRuntime().availableProcessors(), CONCURRENCY,
                    JOBS, oneInstanceSubmits.perSecond(), STATUS_CHECKS, oneInstanceChecks.perSecond(),
                    JOBS, twoInstancesSubmits.perSecond(), STATUS_CHECKS, twoInstancesChecks.perSecond());
        }
    }

    private static SimConfig config(int serverInstances) {
        return TestConfigs.quick().serverInstances(serverInstances)
                // Never-ending jobs, so every check must answer Running however slow a loaded machine makes this test.
                .models(List.of(new SimModel(100, "fast-model", DurationSpec.never())))
                .build();
    }

    record Burst(long requests, Duration took, List<String> failures) {
        double perSecond() {
            return requests * 1e9 / took.toNanos();
        }
    }

    /** One simulator under load: its jobs, and a client with a connection per request in flight. */
    private final class Load {
        private final WebClient web;
        private final List<Long> jobIds = new ArrayList<>();
        private Set<Long> knownIds = Set.of();

        Load(AnnoLabSimulator sim) {
            web = WebClient.create(clientVertx,
                    new WebClientOptions().setDefaultHost(sim.config().host()).setDefaultPort(sim.port()),
                    new PoolOptions().setHttp1MaxSize(CONCURRENCY));
        }

        Burst submitJobs() throws Exception {
            Queue<Long> ids = new ConcurrentLinkedQueue<>();
            Burst burst = burst(JOBS, i -> web.post("/v1/infer/batch")
                            .putHeader("Authorization", "Api-Key " + KEY)
                            .sendBuffer(Buffer.buffer(SimClient.body("demo-project", "fast-model", "predictions", i + 1))),
                    response -> response.statusCode() == 201
                            && ids.add(response.bodyAsJsonObject().getLong("inferenceJobId")));
            jobIds.addAll(ids);
            knownIds = Set.copyOf(ids);
            assertThat(knownIds).hasSize(JOBS);
            return burst;
        }

        Burst checkStatuses(int total) throws Exception {
            return burst(total, i -> web.get("/v1/infer/batch/" + jobIds.get(i % jobIds.size()))
                    .putHeader("Authorization", "Api-Key " + KEY).send(), response -> {
                JsonObject json = response.bodyAsJsonObject();
                return response.statusCode() == 200 && json.getString("status").equals("Running")
                        && knownIds.contains(json.getLong("inferenceJobId"));
            });
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
