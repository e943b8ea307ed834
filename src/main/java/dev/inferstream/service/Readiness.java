package dev.inferstream.service;

import io.vertx.core.json.JsonObject;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance should receive traffic, and why not. Only RUNNING counts: while Streams
 * rebalances or restores, the jobs it owns are not being worked on and their state cannot be queried;
 * while a 401 pauses the API, no job makes progress anywhere.
 */
record Readiness(boolean ready, KafkaStreams.State streamsState, boolean apiPaused, String reason) {

    static Readiness of(KafkaStreams.State streamsState, boolean apiPaused) {
        if (streamsState != KafkaStreams.State.RUNNING) {
            return new Readiness(false, streamsState, apiPaused, "Kafka Streams is " + streamsState);
        }
        if (apiPaused) {
            return new Readiness(false, streamsState, true,
                    "AnnoLab answered 401: all API calls are paused until the API key is accepted again");
        }
        return new Readiness(true, streamsState, false, "Kafka Streams is RUNNING and the API key is accepted");
    }

    static Readiness of(InferstreamService service) {
        return of(service.state(), service.capacity().isPaused());
    }

    int httpStatus() {
        return ready ? 200 : 503;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("streamsState", streamsState.name())
                .put("apiPaused", apiPaused)
                .put("reason", reason);
    }
}
