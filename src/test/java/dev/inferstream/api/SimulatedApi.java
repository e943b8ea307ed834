package dev.inferstream.api;

import dev.inferstream.harness.sim.AnnoLabSimulator;
import dev.inferstream.harness.sim.SimConfig;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A simulator and the real client pointed at it over loopback, with a 1 s request timeout. */
final class SimulatedApi implements AutoCloseable {

    final AnnoLabSimulator simulator;
    private final VertxAnnoLabClient client;

    SimulatedApi(SimConfig config, String clientKey) {
        simulator = AnnoLabSimulator.startBlocking(config);
        client = VertxAnnoLabClient.create(AnnoLabClientConfig.of(URI.create(simulator.baseUrl()),
                ApiKey.of(clientKey)).withRequestTimeout(Duration.ofSeconds(1)));
    }

    SubmitOutcome submit(SubmitRequest request) throws Exception {
        return client.submit(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    StatusOutcome status(long jobId) throws Exception {
        return client.status(jobId).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    ExportStartOutcome start(ExportRequest request) throws Exception {
        return client.startExport(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    ExportStatusOutcome status(String statusUrl) throws Exception {
        return client.exportStatus(statusUrl).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        client.close();
        simulator.close();
    }
}
