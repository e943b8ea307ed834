package dev.inferstream.cli;

import dev.inferstream.config.KafkaConnection;
import dev.inferstream.events.FailureReason;
import dev.inferstream.replay.ReplayException;
import dev.inferstream.replay.ReplayFilter;
import dev.inferstream.replay.TimeBound;
import dev.inferstream.service.InterruptHook;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code inferstream tail}: follows the results, one line per event, until Ctrl-C. */
@Command(name = "tail", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Follows inference-completed and inference-failed (and with --dead-letters the dead-letter topic) "
                + "and prints one readable line per event, or one JSON object per line with --json. "
                + "Reads without a consumer group: it commits nothing and disturbs no one.",
            "Starts at the end (new events only) unless --from-beginning or --since say otherwise."},
        footer = {"",
                "Examples:",
                "  inferstream tail                                  new results as they come",
                "  inferstream tail --from-beginning --no-follow     every result so far",
                "  inferstream tail --since 1h --reason TIMED_OUT --reason RETRIES_EXHAUSTED",
                "  inferstream tail --request-id-prefix order- --project acme --model ocr",
                "  inferstream tail --from-beginning --request-id-prefix order-42 --max-events 1",
                "  inferstream tail --json --dead-letters | jq 'select(.type == \"failed\")'",
                "",
                "Exit status: 0 after --max-events or --no-follow, 130 after Ctrl-C,",
                "1 when Kafka or the registry cannot be read (the reason on one line),",
                "2 for an invalid command line."})
final class TailCommand implements Callable<Integer> {

    static final int FAILED = 1;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    @Spec
    private CommandSpec spec;

    @Option(names = "--from-beginning", description = "Start with the oldest events the topics still hold.")
    private boolean fromBeginning;

    @Option(names = "--since", paramLabel = "TIME",
            description = "Start with events written at or after TIME: an ISO-8601 instant or an age like 7d, 12h, 30m.")
    private Optional<String> since = Optional.empty();

    @Option(names = "--no-follow", description = "Stop once the events that existed at start are printed.")
    private boolean noFollow;

    @Option(names = "--max-events", paramLabel = "N", description = "Stop after printing N events.")
    private Optional<Long> maxEvents = Optional.empty();

    @Option(names = "--request-id-prefix", paramLabel = "PREFIX", description = "Only request ids starting so.")
    private Optional<String> requestIdPrefix = Optional.empty();

    @Option(names = "--project", paramLabel = "ID", description = "Only this project identifier (repeatable).")
    private List<String> projects = new ArrayList<>();

    @Option(names = "--model", paramLabel = "ID", description = "Only this model identifier (repeatable).")
    private List<String> models = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "REASON",
            description = "Only failures with this reason, or COMPLETED for completions (repeatable).")
    private List<String> reasons = new ArrayList<>();

    @Option(names = "--dead-letters", description = "Also follow the dead-letter topic (undecodable requests).")
    private boolean deadLetters;

    @Option(names = "--json", description = "One JSON object per line: type, topic, partition, offset, and the event.")
    private boolean json;

    @Mixin
    private KafkaConnectionOptions connectionOptions = new KafkaConnectionOptions();

    @Option(names = "--completed-topic", defaultValue = "${env:INFERSTREAM_COMPLETED_TOPIC:-inference-completed}",
            paramLabel = "TOPIC", description = "Default: $INFERSTREAM_COMPLETED_TOPIC, else inference-completed.")
    private String completedTopic;

    @Option(names = "--failed-topic", defaultValue = "${env:INFERSTREAM_FAILED_TOPIC:-inference-failed}",
            paramLabel = "TOPIC", description = "Default: $INFERSTREAM_FAILED_TOPIC, else inference-failed.")
    private String failedTopic;

    @Option(names = "--dlq-topic", defaultValue = "${env:INFERSTREAM_DLQ_TOPIC:-inference-requested-dlq}",
            paramLabel = "TOPIC", description = "Default: $INFERSTREAM_DLQ_TOPIC, else inference-requested-dlq.")
    private String deadLetterTopic;

    private final Map<String, String> environment;

    /** @param environment the variables to read, {@code System.getenv()} outside tests */
    TailCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        TailSource.Start start = start();
        TailFilter filter = filter();
        if (maxEvents.isPresent() && maxEvents.get() < 1) {
            throw new ParameterException(spec.commandLine(), "--max-events must be at least 1, was " + maxEvents.get());
        }
        KafkaConnection connection = connectionOptions.resolve(spec, environment);
        TailSource.Topics topics = new TailSource.Topics(completedTopic, failedTopic,
                deadLetters ? Optional.of(deadLetterTopic) : Optional.empty());
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<TailSource> reading = new AtomicReference<>();
        // Ctrl-C: end the poll at once, then hold the JVM until the consumer is closed and the count printed.
        InterruptHook onInterrupt = InterruptHook.install("tail-shutdown", () -> {
            stop.set(true);
            Optional.ofNullable(reading.get()).ifPresent(TailSource::wakeup);
        }, SHUTDOWN_WAIT);
        long shown = 0;
        try {
            KafkaPreflight.check(connection, topics.all());
            try (TailSource source = new TailSource(connection, topics, start)) {
                reading.set(source);
                err.println("tail: following " + String.join(", ", topics.all()) + " at "
                        + connection.bootstrapServers() + "; Ctrl-C stops");
                err.flush();
                while (!stop.get() && !limitReached(shown) && !(noFollow && source.caughtUp())) {
                    for (TailEvent event : source.poll(POLL)) {
                        if (filter.matches(event) && !limitReached(shown)) {
                            out.println(json ? EventJson.line(event) : TailLine.of(event));
                            shown++;
                        }
                    }
                    out.flush();
                }
            } catch (WakeupException interrupted) {
                // Ctrl-C ended a poll; the summary below is all that is left to do.
            }
            err.println("tail: " + shown + " event" + (shown == 1 ? "" : "s") + " shown");
            err.flush();
            return 0;
        } catch (ToolFailure e) {
            err.println("inferstream tail: " + e.getMessage());
            return FAILED;
        } catch (KafkaException e) {
            err.println("inferstream tail: reading from " + connection.bootstrapServers() + " failed: "
                    + ToolErrors.oneLine(e));
            return FAILED;
        } finally {
            err.flush();
            onInterrupt.close();
        }
    }

    private boolean limitReached(long shown) {
        return maxEvents.map(max -> shown >= max).orElse(false);
    }

    private TailSource.Start start() {
        if (fromBeginning && since.isPresent()) {
            throw new ParameterException(spec.commandLine(), "--from-beginning and --since exclude each other");
        }
        if (fromBeginning) {
            return new TailSource.Start.AtBeginning();
        }
        if (since.isPresent()) {
            try {
                return new TailSource.Start.Since(TimeBound.parse("--since", since.get(), Instant.now()));
            } catch (ReplayException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return new TailSource.Start.AtEnd();
    }

    private TailFilter filter() {
        Set<String> known = Arrays.stream(FailureReason.values()).map(Enum::name)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        known.add(TailFilter.COMPLETED);
        Set<String> outcomes = new LinkedHashSet<>();
        for (String reason : reasons) {
            String name = reason.strip().toUpperCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw new ParameterException(spec.commandLine(), "unknown --reason '" + reason + "'; expected one of "
                        + String.join(", ", known));
            }
            outcomes.add(name);
        }
        return new TailFilter(new ReplayFilter(Set.copyOf(projects), Set.copyOf(models), Set.of(), false,
                requestIdPrefix), outcomes);
    }
}
