package dev.inferstream.harness.bench;

import java.time.Duration;

/**
 * How fast one batch of pending requests became jobs, counted from the first request produced.
 *
 * @param requests  requests produced in the batch
 * @param toAccept  until the service counted all of them accepted ({@code inferstream_requests_total})
 * @param toSubmit  until the simulator had accepted a job for each
 */
public record IngestFigures(int requests, Duration toAccept, Duration toSubmit) {

    public double acceptedPerSecond() {
        return requests / seconds(toAccept);
    }

    public double submittedPerSecond() {
        return requests / seconds(toSubmit);
    }

    private static double seconds(Duration duration) {
        return Math.max(1, duration.toMillis()) / 1_000.0;
    }
}
