package dev.inferstream.cli;

import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.ops.InferstreamService;
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

    private RunningProcessor(PrometheusMeterRegistry meters, VertxAnnoLabClient client, InferstreamService service) {
        this.meters = meters;
        this.client = client;
        this.service = service;
    }

    static RunningProcessor start(InferstreamConfig config) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        VertxAnnoLabClient client = VertxAnnoLabClient.create(config.clientConfig());
        try {
            return new RunningProcessor(meters, client, InferstreamService.start(config.serviceSettings(), client, meters));
        } catch (RuntimeException e) {
            client.close();
            meters.close();
            throw e;
        }
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
            service.close();
        } finally {
            client.close();
            meters.close();
        }
    }
}
