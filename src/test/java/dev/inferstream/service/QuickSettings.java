package dev.inferstream.service;

import dev.inferstream.topology.TopologySettings;
import java.time.Duration;

/** Settings under which a service in a test polls and retries within seconds, not minutes. */
final class QuickSettings {

    private QuickSettings() {
    }

    /** Checks from 1 s (at most every 2 s), backoff from 200 ms to 2 s, 500 calls/s, a 5 s call timeout. */
    static TopologySettings.Builder quick() {
        return TopologySettings.defaults().toBuilder()
                .polling(new TopologySettings.Polling(Duration.ofSeconds(1), Duration.ofMillis(250),
                        Duration.ofSeconds(2), 0.1, 0.1))
                .retries(new TopologySettings.Retries(Duration.ofMillis(200), Duration.ofSeconds(2), 10, 2,
                        Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30)))
                .limits(TopologySettings.Limits.defaults().withInFlightAndRate(256, 500)
                        .withCallTimeout(Duration.ofSeconds(5)));
    }
}
