package dev.inferstream.service;

import dev.inferstream.api.AnnoLabClient;
import dev.inferstream.api.ApiKeys;
import dev.inferstream.api.KeyRefreshingClient;
import dev.inferstream.api.VertxAnnoLabClient;
import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.topology.ApiCapacity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running instance as {@code run} and the demo start it: topics when asked for, the AnnoLab client,
 * the Kafka Streams service, the Prometheus registry their meters go to and the ops HTTP server.
 * Closing stops the ops server and Streams first, so no tick fires calls on a closed client.
 */
public final class RunningProcessor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningProcessor.class);
    private static final Duration TOPIC_SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STATE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry meters;
    private final AnnoLabClient client;
    private final InferstreamService service;
    private final Vertx opsVertx;
    private final OpsServer ops;
    private final KeyFileWatch keyWatch;

    private RunningProcessor(PrometheusMeterRegistry meters, AnnoLabClient client, InferstreamService service,
                             Vertx opsVertx, OpsServer ops, KeyFileWatch keyWatch) {
        this.meters = meters;
        this.client = client;
        this.service = service;
        this.opsVertx = opsVertx;
        this.ops = ops;
        this.keyWatch = keyWatch;
    }

    /**
     * The processor and its ops HTTP server (health, metrics, job lookup) on {@code config.httpPort()},
     * after creating missing topics when the configuration asks for it. Fails fast, before anything
     * runs, when Kafka rejects a setting, the ops port is taken, the brokers do not answer within the
     * start-up timeout or a topic is missing.
     *
     * @throws StartupException saying in one line what to fix
     */
    public static RunningProcessor start(InferstreamConfig config) {
        InferstreamService.Settings settings = InferstreamService.Settings.from(config);
        InferstreamService.requireValidStreamsConfig(settings);
        StartupChecks.requirePortFree(config.httpHost(), config.httpPort(), EnvNames.HTTP_PORT, EnvNames.HTTP_HOST);
        Map<String, Integer> topics = config.topology().topics().partitioned(config.topicPartitions(),
                config.topicPartitions());
        if (config.createTopics()) {
            StartupChecks.requireKafka(config.clientProperties(), config.bootstrapServers(), List.of(),
                    config.startupTimeout(), EnvNames.STARTUP_TIMEOUT_SECONDS, "");
            TopicSetup.createMissing(config.clientProperties(), topics, TOPIC_SETUP_TIMEOUT);
        } else {
            StartupChecks.requireKafka(config.clientProperties(), config.bootstrapServers(), topics.keySet(),
                    config.startupTimeout(), EnvNames.STARTUP_TIMEOUT_SECONDS, "create it (the input topic "
                            + config.topology().topics().requested() + " is where requests arrive), or set "
                            + EnvNames.CREATE_TOPICS + "=true");
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApiKeys keys = config.apiKeys();
        // A rotated key file is read before a 401 is believed, and every second while the service runs.
        AnnoLabClient client = new KeyRefreshingClient(VertxAnnoLabClient.create(config.clientConfig()), keys);
        // The ops server has a Vert.x of its own so slow scrapes never share event loops with API calls.
        Vertx opsVertx = Vertx.vertx();
        InferstreamService service = null;
        try {
            service = InferstreamService.start(settings, client, meters,
                    config.maxThreadReplacements());
            ApiCapacity capacity = service.capacity();
            keys.onChange(() -> capacity.keyChanged(System.currentTimeMillis()));
            OpsServer ops = startOps(opsVertx, config, service, meters);
            return new RunningProcessor(meters, client, service, opsVertx, ops, KeyFileWatch.start(keys));
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

    private static OpsServer startOps(Vertx vertx, InferstreamConfig config, InferstreamService service,
                                      PrometheusMeterRegistry meters) {
        try {
            return OpsServer.start(vertx, new OpsServer.Options(config.httpHost(), config.httpPort(), config.opsToken()),
                    service, meters);
        } catch (IllegalStateException e) {
            throw StartupChecks.portInUse(config.httpHost(), config.httpPort(), EnvNames.HTTP_PORT, EnvNames.HTTP_HOST,
                    e.getCause() != null ? e.getCause() : e);
        }
    }

    public int opsPort() {
        return ops.port();
    }

    /** Scraped at {@code /metrics} by the ops server. */
    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public InferstreamService service() {
        return service;
    }

    /**
     * Blocks until SIGTERM or Ctrl-C; the hook closes Streams (with its timeout) and then the client.
     * Returns 1 if Kafka Streams stops on its own with an error, so a supervisor restarts the process
     * instead of keeping one that no longer processes anything; 0 after a signal (the JVM then exits
     * with 128 + the signal once its hooks have run).
     */
    public int runUntilShutdown() throws InterruptedException {
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            try {
                close();
            } finally {
                closed.countDown();
            }
        }, "inferstream-shutdown"));
        while (!closed.await(STATE_CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
            if (service.state() == KafkaStreams.State.ERROR) {
                log.error("Kafka Streams stopped: {}", service.failureVerdict()
                        .orElse("it reached state ERROR; exiting so the instance is restarted"));
                return 1;
            }
        }
        return 0;
    }

    @Override
    public void close() {
        keyWatch.close();
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
