package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.api.ApiKey;
import dev.inferstream.api.SecretMount;
import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.harness.Stack;
import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import dev.inferstream.topology.ApiCapacity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Key rotation without a restart, end to end: the service reads {@code ANNOLAB_API_KEY_FILE} from a secret
 * mounted as Kubernetes mounts it, the simulator rotates its accepted key, and requests keep flowing
 * through both a careful rotation (old key accepted for a grace period) and an abrupt one.
 */
class KeyRotationIT {

    private static final String FIRST = "rotation-first-key-Qa71";
    private static final String SECOND = "rotation-second-key-Ws82";
    private static final String THIRD = "rotation-third-key-Ed93";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    /** The key file is polled every second; a stream thread's tick and one probe call fit in the rest. */
    private static final Duration PAUSE_AFTER_SWAP_LIMIT = Duration.ofSeconds(4);

    @TempDir
    Path dir;

    @Test
    void givenKeysRotatedAtAnnoLabAndInTheSecretWhileRequestsFlow_noRequestFails_andAPauseEndsWithOneProbe()
            throws Exception {
        ListAppender<ILoggingEvent> logs = captureLogs();
        SecretMount mount = SecretMount.create(dir, "api-key", FIRST);
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();
        List<String> published = new CopyOnWriteArrayList<>();
        try (Stack stack = Stack.builder(simConfig()).apiKey(FIRST).start();
             ServiceTraffic traffic = new ServiceTraffic(stack);
             RunningProcessor processor = RunningProcessor.start(config(traffic, mount.file()))) {
            AnnoLabSimulator sim = stack.simulator();
            ApiCapacity capacity = processor.service().capacity();
            await("streams running").atMost(PATIENCE)
                    .until(() -> processor.service().state() == KafkaStreams.State.RUNNING);
            AtomicInteger sequence = new AtomicInteger();
            publisher.scheduleAtFixedRate(() -> {
                String id = "rotation-" + sequence.incrementAndGet();
                traffic.send(ServiceTraffic.request(id, "fast-model", 300));
                published.add(id);
            }, 0, 100, TimeUnit.MILLISECONDS);
            await("requests flowing").atMost(PATIENCE).until(() -> sim.stats().acceptedSubmits() >= 10);

            // Careful: AnnoLab accepts both keys for a while, the secret is updated within that window.
            sim.rotateKey(FIRST, SECOND, Duration.ofMinutes(5));
            mount.update(SECOND);
            // The old key is revoked only once the service says it signs with the new one: accepted calls
            // alone do not tell, since AnnoLab takes both keys until then.
            await("new key in use").atMost(PATIENCE).until(() -> {
                synchronized (logs) { // the appender adds under its own lock
                    return logs.list.stream().anyMatch(event -> event.getFormattedMessage().contains("holds a new key"));
                }
            });
            sim.revokeKey(FIRST);
            long acceptedAfterRevoke = sim.stats().acceptedSubmits();
            await("calls go on after the old key is revoked").atMost(PATIENCE)
                    .until(() -> sim.stats().acceptedSubmits() > acceptedAfterRevoke + 10);
            assertThat(sim.stats().unauthorized()).as("a careful rotation meets no 401").isZero();
            assertThat(capacity.isPaused()).isFalse();

            // Abrupt: AnnoLab refuses the old key at once, the secret follows only after the service paused.
            sim.rotateKey(SECOND, THIRD, Duration.ZERO);
            await("the 401 pause").atMost(PATIENCE).until(capacity::isPaused);
            long unauthorizedAtSwap = sim.stats().unauthorized();
            long swappedAt = System.nanoTime();
            mount.update(THIRD);
            await("the pause ends").atMost(PATIENCE).until(() -> !capacity.isPaused());
            Duration pausedAfterSwap = Duration.ofNanos(System.nanoTime() - swappedAt);
            assertThat(pausedAfterSwap).isLessThan(PAUSE_AFTER_SWAP_LIMIT);
            assertThat(sim.stats().unauthorized() - unauthorizedAtSwap)
                    .as("at most one probe still signed with the old key").isLessThanOrEqualTo(1);

            long acceptedAfterPause = sim.stats().acceptedSubmits();
            await("calls go on with the third key").atMost(PATIENCE)
                    .until(() -> sim.stats().acceptedSubmits() > acceptedAfterPause + 10);
            publisher.shutdown();
            assertThat(publisher.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            traffic.flush();

            OpsHttp http = new OpsHttp();
            await("every request completed").atMost(PATIENCE).untilAsserted(() -> {
                for (String id : published) {
                    OpsHttp.Answer job = http.get(processor.opsPort(), "/jobs/" + id);
                    assertThat(job.status()).as(id + ": " + job.body()).isEqualTo(200);
                    assertThat(job.json().getString("outcome")).as(id + ": " + job.body()).isEqualTo("COMPLETED");
                }
            });
            assertThat(published).hasSizeGreaterThan(30);
            assertThat(http.bodiesSeen()).noneMatch(body -> body.contains(FIRST) || body.contains(SECOND)
                    || body.contains(THIRD));
        } finally {
            publisher.shutdownNow();
            releaseLogs(logs);
        }
        assertThat(logs.list).isNotEmpty().noneMatch(event -> {
            String text = event.getFormattedMessage()
                    + Optional.ofNullable(event.getThrowableProxy()).map(ThrowableProxyUtil::asString).orElse("");
            return text.contains(FIRST) || text.contains(SECOND) || text.contains(THIRD);
        });
        assertThat(logs.list).anyMatch(event -> event.getFormattedMessage().contains("holds a new key"));
    }

    private static SimConfig simConfig() {
        return SimConfig.defaults().toBuilder()
                .erroredShare(0)
                .models(List.of(new SimModel(100, "fast-model",
                        DurationSpec.uniform(Duration.ofMillis(200), Duration.ofMillis(500)))))
                .build();
    }

    private InferstreamConfig config(ServiceTraffic traffic, Path keyFile) {
        // The file wins over the ANNOLAB_API_KEY the stack's environment also holds.
        InferstreamConfig config = traffic.config("inferstream-rotation-it", dir.resolve("state"),
                Map.of(EnvNames.ANNOLAB_API_KEY_FILE, keyFile.toString()));
        assertThat(config.apiKeys().current()).isEqualTo(ApiKey.of(FIRST));
        return config;
    }

    /** Everything the product logs, down to DEBUG, goes to the list alone while the test runs. */
    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger product = (Logger) LoggerFactory.getLogger("dev.inferstream");
        product.setLevel(Level.DEBUG);
        product.setAdditive(false);
        product.addAppender(appender);
        return appender;
    }

    private static void releaseLogs(ListAppender<ILoggingEvent> appender) {
        Logger product = (Logger) LoggerFactory.getLogger("dev.inferstream");
        product.detachAppender(appender);
        product.setAdditive(true);
        product.setLevel(Level.WARN);
        appender.stop();
    }
}
