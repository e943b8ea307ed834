package dev.inferstream.service;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance should receive traffic, and why not. Only RUNNING counts: while Streams
 * rebalances or restores, the jobs it owns are not being worked on and their state cannot be queried;
 * while a 401 pauses the API, no job makes progress anywhere; while the schema registry does not answer,
 * new records are held rather than taken.
 */
record Readiness(boolean ready, KafkaStreams.State streamsState, boolean apiPaused, boolean registryUnavailable,
                 String reason) {

    static Readiness of(KafkaStreams.State streamsState, boolean apiPaused, Optional<String> registryUnavailable) {
        boolean registryDown = registryUnavailable.isPresent();
        if (streamsState != KafkaStreams.State.RUNNING) {
            return new Readiness(false, streamsState, apiPaused, registryDown, "Kafka Streams is " + streamsState);
        }
        if (registryDown) {
            return new Readiness(false, streamsState, apiPaused, true, registryUnavailable.get());
        }
        if (apiPaused) {
            return new Readiness(false, streamsState, true, false,
                    "AnnoLab answered 401: all API calls are paused until the API key is accepted again");
        }
        return new Readiness(true, streamsState, false, false,
                "Kafka Streams is RUNNING, the schema registry answers and the API key is accepted");
    }

    static Readiness of(InferstreamService service) {
        return of(service.state(), service.capacity().isPaused(),
                service.registry().unavailableReason(System.currentTimeMillis()));
    }

    int httpStatus() {
        return ready ? 200 : 503;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("streamsState", streamsState.name())
                .put("apiPaused", apiPaused)
                .put("registryUnavailable", registryUnavailable)
                .put("reason", reason);
    }
}
