package dev.inferstream.harness.sim;

import java.time.Duration;
import java.util.List;

/** Configs for tests: a free port, two keys, and models and exports quick enough to watch finish. */
final class TestConfigs {

    static final String KEY = "key-one";
    static final String OTHER_KEY = "key-two";

    private TestConfigs() {
    }

    static SimConfig.Builder quick() {
        return SimConfig.builder()
                .port(0)
                .apiKeys(KEY, OTHER_KEY)
                .serverInstances(2)
                .erroredShare(0.0)
                .exportErroredShare(0.0)
                .exportDuration(DurationSpec.fixed(Duration.ofMillis(400)))
                .queuedFor(Duration.ofMillis(100))
                .models(List.of(
                        new SimModel(100, "fast-model", DurationSpec.fixed(Duration.ofMillis(400))),
                        new SimModel(101, "slow-model", DurationSpec.fixed(Duration.ofMinutes(10))),
                        new SimModel(102, "stuck-model", DurationSpec.never())));
    }
}
