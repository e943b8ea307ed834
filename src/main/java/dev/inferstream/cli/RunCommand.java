package dev.inferstream.cli;

import dev.inferstream.config.EnvNames;
import dev.inferstream.config.InferstreamConfig;
import dev.inferstream.config.InvalidConfigException;
import dev.inferstream.quota.QuotaSetupException;
import dev.inferstream.service.LogSetup;
import dev.inferstream.service.RunningProcessor;
import dev.inferstream.service.StartupException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream run}: the processor, configured from the environment, until SIGTERM or Ctrl-C. */
@Command(name = "run",
        mixinStandardHelpOptions = true,
        description = "Runs the processor: reads inference-requested, runs AnnoLab jobs, publishes one terminal "
                + "event per request. Configured by environment variables (see README); a --config file "
                + "may set the same names, the environment wins.",
        footer = {"",
                "Examples:",
                "  KAFKA_BOOTSTRAP_SERVERS=kafka:9092 SCHEMA_REGISTRY_URL=http://registry:8081 \\",
                "  ANNOLAB_API_KEY_FILE=/run/secrets/annolab inferstream run",
                "  inferstream run --config /etc/inferstream/inferstream.properties",
                "",
                // A JVM ended by a signal reports 128 + the signal once its shutdown hooks have run.
                "Exit status: 143 after SIGTERM (130 after Ctrl-C) once Streams has closed,",
                "1 when start-up failed (brokers unreachable within",
                "INFERSTREAM_STARTUP_TIMEOUT_SECONDS, a topic missing, the ops port taken) or",
                "Kafka Streams failed for good, 2 when the configuration is invalid (or the",
                "cluster-wide quota's topic cannot be used)."})
final class RunCommand implements Callable<Integer> {

    static final int CONFIG_ERROR = 2;
    static final int STARTUP_FAILED = 1;
    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with the same names as the environment variables.")
    private Optional<Path> configFile = Optional.empty();

    private final Map<String, String> environment;

    /** @param environment the variables to read, {@code System.getenv()} outside tests */
    RunCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() throws InterruptedException {
        InferstreamConfig config;
        try {
            config = InferstreamConfig.load(environment, configFile);
        } catch (InvalidConfigException e) {
            return configurationErrors(e.problems());
        }
        LogSetup.use(config.logFormat());
        config.warnings().forEach(warning -> log.warn("{}", warning));
        log.info("starting: {}", config);
        RunningProcessor processor;
        try {
            processor = RunningProcessor.start(config);
        } catch (ConfigException e) {
            // A KAFKA_* passthrough value Kafka rejects; its message names the property and hides passwords.
            return configurationErrors(List.of(e.getMessage()));
        } catch (QuotaSetupException e) {
            return configurationErrors(List.of(EnvNames.LIMIT_SCOPE + "=cluster: " + e.getMessage()
                    + " (or set " + EnvNames.LIMIT_SCOPE + "=instance to give each instance the whole limits)"));
        } catch (StartupException e) {
            log.debug("start-up failed", e);
            PrintWriter err = spec.commandLine().getErr();
            err.println("inferstream: cannot start: " + e.getMessage());
            err.flush();
            return STARTUP_FAILED;
        }
        log.info("ops endpoints on port {}: /health/live, /health/ready, /metrics, /jobs/{requestId}",
                processor.opsPort());
        return processor.runUntilShutdown();
    }

    private int configurationErrors(List<String> problems) {
        PrintWriter err = spec.commandLine().getErr();
        problems.forEach(problem -> err.println("inferstream: configuration error: " + problem));
        err.flush();
        return CONFIG_ERROR;
    }
}
