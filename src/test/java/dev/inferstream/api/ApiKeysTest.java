package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {

    @TempDir
    Path dir;

    @Test
    void givenASecretSwappedInPlace_reloadSwitchesToTheNewKey_keepsBothForRedaction_andTellsListenersOnce() {
        SecretMount mount = SecretMount.create(dir, "api-key", "first-key-a1");
        ApiKeys keys = ApiKeys.fromFile(mount.file());
        AtomicInteger changes = new AtomicInteger();
        keys.onChange(changes::incrementAndGet);

        assertThat(keys.reload()).as("unchanged file").isFalse();
        mount.update("second-key-b2");

        assertThat(keys.reload()).isTrue();
        assertThat(keys.reload()).isFalse();
        assertThat(keys.current()).isEqualTo(ApiKey.of("second-key-b2"));
        assertThat(keys.known()).containsExactly(ApiKey.of("second-key-b2"), ApiKey.of("first-key-a1"));
        assertThat(changes).hasValue(1);
        assertThat(keys.toString()).doesNotContain("first-key-a1", "second-key-b2");
    }

    @Test
    void givenAnEmptyOrMissingFileMidSwap_keepsTheKeyItHas() throws Exception {
        Path file = dir.resolve("key");
        Files.writeString(file, "kept-key-c3");
        ApiKeys keys = ApiKeys.fromFile(file);

        Files.writeString(file, "  \n");
        assertThat(keys.reload()).isFalse();
        Files.delete(file);
        assertThat(keys.reload()).isFalse();

        assertThat(keys.current()).isEqualTo(ApiKey.of("kept-key-c3"));
    }

    @Test
    void givenAFixedKey_reloadNeverChangesIt() {
        ApiKeys keys = ApiKeys.fixed(ApiKey.of("env-key"));
        assertThat(keys.reload()).isFalse();
        assertThat(keys.file()).isEmpty();
    }
}
