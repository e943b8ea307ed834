package dev.inferstream.cli;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.ops.InferstreamService;
import dev.inferstream.ops.OpsServer;
import io.vertx.core.Vertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The processor as {@code run} and {@code demo} start it: the AnnoLab client, the Kafka Streams service
 * and the Prometheus registry their meters go to. Closing stops Streams first, so no tick fires calls
 * on a closed client.
 */
final class RunningProcessor implements AutoCloseable {

    private final PrometheusMeterRegistry meters;
    private final VertxAnnoLabClient client;
    private final InferstreamService service;
    private final Vertx opsVertx;
    private final OpsServer ops;

    private RunningProcessor(PrometheusMeterRegistry meters, VertxAnnoLabClient client, InferstreamService service,
                             Vertx opsVertx, OpsServer ops) {
        this.meters = meters;
        this.client = client;
        this.service = service;
        this.opsVertx = opsVertx;
        this.ops = ops;
    }

    /** The processor and its ops HTTP server (health, metrics, job lookup) on {@code config.httpPort()}. */
    static RunningProcessor start(InferstreamConfig config) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VertxAnnoLabClient client = VertxAnnoLabClient.create(config.clientConfig());
        // The ops server has a Vert.x of its own so slow scrapes never share event loops with API calls.
        Vertx opsVertx = Vertx.vertx();
        InferstreamService service = null;
        try {
            service = InferstreamService.start(config.serviceSettings(), client, meters);
            OpsServer ops = OpsServer.start(opsVertx, config.httpPort(), service, meters);
            return new RunningProcessor(meters, client, service, opsVertx, ops);
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            client.close();
            opsVertx.close();
            meters.close();
            throw e;
        }
    }

    int opsPort() {
        return ops.port();
    }

    /** Scraped at {@code /metrics} by the ops server. */
    PrometheusMeterRegistry meters() {
        return meters;
    }

    InferstreamService service() {
        return service;
    }

    @Override
    public void close() {
        try {
            ops.close();
            service.close();
        } finally {
            client.close();
            opsVertx.close();
            meters.close();
        }
    }
}
