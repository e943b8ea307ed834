package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.SimConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The refreshing client over the real client and the simulator, with a secret mounted as Kubernetes does. */
class KeyRefreshingClientTest {

    private static final String OLD = "refresh-old-key-Xy12";
    private static final String NEW = "refresh-new-key-Zw34";
    private static final SubmitRequest REQUEST = new SubmitRequest("demo-project", "fast-model", List.of(1L),
            new SubmitRequest.OutputLayer.Named("predictions"), "acme");

    @TempDir
    Path dir;

    @Test
    void givenTheKeyRotatedAtAnnoLabAndInTheFile_aRefused401IsRetriedOnceWithTheNewKey() throws Exception {
        SecretMount mount = SecretMount.create(dir, "api-key", OLD);
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(SimConfig.defaults().toBuilder().port(0)
                     .apiKeys(OLD).build());
             AnnoLabClient client = client(sim, ApiKeys.fromFile(mount.file()))) {
            sim.rotateKey(OLD, NEW, Duration.ZERO);
            mount.update(NEW);

            assertThat(call(client)).isInstanceOf(ApiOutcome.Accepted.class);
            assertThat(sim.stats().unauthorized()).as("the one call with the old key").isEqualTo(1);
        }
    }

    @Test
    void givenTheFileStillHoldsTheRefusedKey_the401ReachesTheCaller() throws Exception {
        SecretMount mount = SecretMount.create(dir, "api-key", OLD);
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(SimConfig.defaults().toBuilder().port(0)
                     .apiKeys(OLD).build());
             AnnoLabClient client = client(sim, ApiKeys.fromFile(mount.file()))) {
            sim.revokeKey(OLD);

            assertThat(call(client)).isInstanceOf(ApiOutcome.Unauthorized.class);
            assertThat(sim.stats().unauthorized()).as("not repeated with the same key").isEqualTo(1);
        }
    }

    private static AnnoLabClient client(AnnoLabSimulator sim, ApiKeys keys) {
        return new KeyRefreshingClient(VertxAnnoLabClient.create(AnnoLabClientConfig.of(URI.create(sim.baseUrl()), keys)),
                keys);
    }

    private static SubmitOutcome call(AnnoLabClient client) throws Exception {
        return client.submit(REQUEST).toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
}
