package dev.inferstream.service;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Whether this instance should receive traffic, and why not. Only RUNNING counts: while Streams
 * rebalances or restores, the jobs it owns are not being worked on and their state cannot be queried;
 * while a 401 pauses the API, or the API has not answered at all for a while, no job makes progress;
 * while the schema registry does not answer, new records are held rather than taken.
 */
record Readiness(boolean ready, KafkaStreams.State streamsState, boolean apiPaused, boolean apiUnreachable,
                 boolean registryUnavailable, String reason) {

    /** The dependencies' problems, each with the reason readiness gives while it lasts. */
    record Problems(boolean apiPaused, Optional<String> apiUnreachable, Optional<String> registryUnavailable) {
        static Problems none() {
            return new Problems(false, Optional.empty(), Optional.empty());
        }
    }

    static Readiness of(KafkaStreams.State streamsState, Problems problems) {
        boolean apiUnreachable = problems.apiUnreachable().isPresent();
        boolean registryDown = problems.registryUnavailable().isPresent();
        String reason;
        if (streamsState != KafkaStreams.State.RUNNING) {
            reason = "Kafka Streams is " + streamsState;
        } else if (registryDown) {
            reason = problems.registryUnavailable().get();
        } else if (problems.apiPaused()) {
            reason = "AnnoLab answered 401: all API calls are paused until the API key is accepted again";
        } else if (apiUnreachable) {
            reason = problems.apiUnreachable().get();
        } else {
            reason = "Kafka Streams is RUNNING, the schema registry answers and the API key is accepted";
        }
        boolean ready = streamsState == KafkaStreams.State.RUNNING && !registryDown && !problems.apiPaused()
                && !apiUnreachable;
        return new Readiness(ready, streamsState, problems.apiPaused(), apiUnreachable, registryDown, reason);
    }

    static Readiness of(InferstreamService service) {
        long now = System.currentTimeMillis();
        return of(service.state(), new Problems(service.capacity().isPaused(),
                service.capacity().health().unreachableSince(now), service.registry().unavailableReason(now)));
    }

    int httpStatus() {
        return ready ? 200 : 503;
    }

    JsonObject toJson() {
        return new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("streamsState", streamsState.name())
                .put("apiPaused", apiPaused)
                .put("apiUnreachable", apiUnreachable)
                .put("registryUnavailable", registryUnavailable)
                .put("reason", reason);
    }
}
