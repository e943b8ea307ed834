package dev.inferstream.harness.sim;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static dev.inferstream.harness.sim.TestConfigs.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    private static final String BODY = SimClient.body("demo-project", "fast-model", "predictions", 1);

    @Test
    void givenRotationWithoutGrace_oldKeyIsRefusedAtOnce_andTheNewKeySeesTheAccountsJobs() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(BODY, KEY);

            sim.rotateKey(KEY, "key-one-rotated", Duration.ZERO);

            assertThat(client.submit(BODY, KEY).status()).isEqualTo(401);
            assertThat(client.status(jobId, "key-one-rotated").status()).isEqualTo(200);
            assertThat(client.status(jobId, OTHER_KEY).status()).as("another account").isEqualTo(404);
        }
    }

    @Test
    void givenRotationWithGrace_bothKeysWorkUntilTheGraceEnds() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);

            sim.rotateKey(KEY, "key-one-rotated", Duration.ofMillis(800));

            assertThat(client.submit(BODY, KEY).status()).isEqualTo(201);
            assertThat(client.submit(BODY, "key-one-rotated").status()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.submit(BODY, KEY).status() == 401);
            assertThat(client.submit(BODY, "key-one-rotated").status()).isEqualTo(201);
        }
    }

    @Test
    void givenGraceInTheFuture_theOldKeyExpiresExactlyThen() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        SimKeys keys = new SimKeys(Set.of("old"), now::get);

        keys.rotate("old", "new", Duration.ofSeconds(30));
        now.set(now.get().plusSeconds(29));
        assertThat(keys.accountOf("old")).contains("old");
        now.set(now.get().plusSeconds(1));
        assertThat(keys.accountOf("old")).isEmpty();
        assertThat(keys.accountOf("new")).contains("old");
        assertThatThrownBy(() -> keys.rotate("old", "newer", Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givenTheRotateEndpoint_rotatesAndRefusesUnknownKeys_withoutEchoingKeys() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);

            SimClient.Answer rotated = client.post("/_sim/keys/rotate",
                    "{\"from\":\"" + KEY + "\",\"to\":\"fresh-key\",\"graceSeconds\":0}");
            SimClient.Answer unknown = client.post("/_sim/keys/rotate", "{\"from\":\"nope-key\",\"to\":\"x-key\"}");
            SimClient.Answer malformed = client.post("/_sim/keys/rotate", "not json");

            assertThat(rotated.status()).isEqualTo(204);
            assertThat(client.submit(BODY, "fresh-key").status()).isEqualTo(201);
            assertThat(client.submit(BODY, KEY).status()).isEqualTo(401);
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body()).doesNotContain("nope-key", "x-key");
            assertThat(malformed.status()).isEqualTo(400);
        }
    }
}
