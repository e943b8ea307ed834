package dev.inferstream.cli;

import dev.inferstream.config.KafkaConnection;
import dev.inferstream.events.FailureReason;
import dev.inferstream.replay.ProgressView;
import dev.inferstream.replay.ReplayException;
import dev.inferstream.replay.ReplayFilter;
import dev.inferstream.replay.ReplayIds;
import dev.inferstream.replay.ReplayOverrides;
import dev.inferstream.replay.ReplayPlan;
import dev.inferstream.replay.ReplayResult;
import dev.inferstream.replay.ReplaySource;
import dev.inferstream.replay.Replayer;
import dev.inferstream.replay.TimeBound;
import dev.inferstream.service.InterruptHook;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code inferstream replay}: re-publishes a window of history as BACKFILL requests. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Re-publishes requests from a time window of inference-requested, inference-failed or "
                + "inference-completed as BACKFILL requests, which use only the API capacity live traffic leaves.",
            "Each replayed request gets the id <name>:<originalId> (or <name>:<uuid> when that would exceed "
                + ReplayIds.MAX_READABLE_LENGTH + " characters) and replayOf=<originalId>, so running the same "
                + "replay again starts no second job."},
        footer = {"",
                "Examples:",
                "  inferstream replay --name retry-1 --from-topic inference-failed --since 12h \\",
                "      --reason TIMED_OUT --dry-run",
                "  inferstream replay --name retry-1 --from-topic inference-failed --since 12h \\",
                "      --reason TIMED_OUT --set-model slow-model --set-timeout 3600 --rate 200",
                "  inferstream replay --name new-model-w48 --since 7d --project demo-project \\",
                "      --set-model model-v2"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done (or dry run)", "1:the replay could not run; the reason is printed on one line",
            "2:invalid command line", "130:stopped by Ctrl-C after flushing what was sent"})
public final class ReplayCommand implements Callable<Integer> {

    static final int FAILED = 1;
    static final int INTERRUPTED = 130;
    /** How long Ctrl-C waits for the producer to flush and the summary to print. */
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--name", required = true,
            description = "Names this replay; part of every new requestId, so a rerun with the same name is deduplicated.")
    private String name;

    @Option(names = "--from-topic", defaultValue = "inference-requested", paramLabel = "SOURCE",
            description = "What to replay: inference-requested, inference-failed or inference-completed "
                    + "(the last two carry the original request). Default: ${DEFAULT-VALUE}.")
    private String fromTopic;

    @Option(names = "--since", required = true, paramLabel = "TIME",
            description = "Start of the window, inclusive: an ISO-8601 instant or an age like 7d, 12h, 30m.")
    private String since;

    @Option(names = "--until", paramLabel = "TIME",
            description = "End of the window, exclusive: an ISO-8601 instant or an age. Default: now.")
    private String until;

    @Option(names = "--project", paramLabel = "ID", description = "Only this project identifier (repeatable).")
    private List<String> projects = new ArrayList<>();

    @Option(names = "--model", paramLabel = "ID", description = "Only this model identifier (repeatable).")
    private List<String> models = new ArrayList<>();

    @Option(names = "--reason", paramLabel = "REASON",
            description = "Only failures with this reason (repeatable; inference-failed only).")
    private List<String> reasons = new ArrayList<>();

    @Option(names = "--retryable-only", description = "Only failures marked retryable (inference-failed only).")
    private boolean retryableOnly;

    @Option(names = "--request-id-prefix", paramLabel = "PREFIX", description = "Only original requestIds starting so.")
    private String requestIdPrefix;

    @Option(names = "--set-model", paramLabel = "ID", description = "Run the replayed requests on this model.")
    private String setModel;

    @Option(names = "--set-output-layer", paramLabel = "LAYER",
            description = "Write to this output layer: a name, or all digits for a layer id.")
    private String setOutputLayer;

    @Option(names = "--set-timeout", paramLabel = "SECONDS", description = "Give each replayed request this timeout.")
    private Integer setTimeout;

    @Option(names = "--dry-run", description = "Count the matches per project, model and reason; publish nothing.")
    private boolean dryRun;

    @Option(names = "--strict", description = "Stop at the first record that cannot be decoded, naming its "
            + "partition and offset, instead of skipping it and counting it per partition.")
    private boolean strict;

    @Option(names = "--rate", paramLabel = "N", description = "Publish at most N records per second.")
    private Double rate;

    @Mixin
    private KafkaConnectionOptions connectionOptions = new KafkaConnectionOptions();

    @Option(names = "--requested-topic", defaultValue = "${env:INFERSTREAM_REQUESTED_TOPIC:-inference-requested}",
            paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    private String requestedTopic;

    @Option(names = "--completed-topic", defaultValue = "${env:INFERSTREAM_COMPLETED_TOPIC:-inference-completed}",
            paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    private String completedTopic;

    @Option(names = "--failed-topic", defaultValue = "${env:INFERSTREAM_FAILED_TOPIC:-inference-failed}",
            paramLabel = "TOPIC", description = "Default: ${DEFAULT-VALUE}.")
    private String failedTopic;

    private final boolean terminal;
    private final Map<String, String> environment;

    /** For picocli: a progress bar when stdout is a terminal, plain lines otherwise. */
    ReplayCommand(Map<String, String> environment) {
        this(System.console() != null, environment);
    }

    /** @param environment the variables to read, {@code System.getenv()} outside tests */
    public ReplayCommand(boolean terminal, Map<String, String> environment) {
        this.terminal = terminal;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AtomicBoolean stop = new AtomicBoolean();
        // Ctrl-C: ask the scan to stop, then hold the JVM until the producer is flushed and the summary printed.
        InterruptHook onInterrupt = InterruptHook.install("replay-shutdown", () -> stop.set(true), SHUTDOWN_WAIT);
        try {
            ReplayPlan plan = plan();
            ProgressView view = ProgressView.forOutput(terminal, text -> {
                out.print(text);
                out.flush();
            }, System::currentTimeMillis);
            ReplayResult result = new Replayer(plan, view, stop::get, System::currentTimeMillis).run();
            return report(result, out);
        } catch (ReplayException e) {
            err.println("replay: " + ToolErrors.inToolTerms(e.getMessage()));
            err.flush();
            return FAILED;
        } finally {
            onInterrupt.close();
        }
    }

    private ReplayPlan plan() {
        ReplaySource source = ReplaySource.byOptionValue(fromTopic).orElseThrow(() -> new ReplayException(
                "unknown --from-topic '" + fromTopic + "'; expected one of " + ReplaySource.choices()));
        Instant now = Instant.now();
        String sourceTopic = switch (source) {
            case REQUESTED -> requestedTopic;
            case FAILED -> failedTopic;
            case COMPLETED -> completedTopic;
        };
        ReplayFilter filter = new ReplayFilter(Set.copyOf(projects), Set.copyOf(models), reasons(), retryableOnly,
                Optional.ofNullable(requestIdPrefix));
        ReplayOverrides overrides = new ReplayOverrides(Optional.ofNullable(setModel),
                Optional.ofNullable(setOutputLayer).map(ReplayOverrides::outputLayerOf),
                setTimeout == null ? OptionalInt.empty() : OptionalInt.of(setTimeout));
        KafkaConnection connection = connectionOptions.resolve(spec, environment);
        return new ReplayPlan(connection.bootstrapServers(), connection.kafkaProperties(), connection.serdeConfig(),
                source, sourceTopic, requestedTopic,
                TimeBound.parse("--since", since, now),
                until == null ? now : TimeBound.parse("--until", until, now),
                filter, overrides, new ReplayIds(name), dryRun,
                rate == null ? OptionalDouble.empty() : OptionalDouble.of(rate), strict);
    }

    private Set<FailureReason> reasons() {
        Set<FailureReason> parsed = EnumSet.noneOf(FailureReason.class);
        for (String reason : reasons) {
            parsed.add(Arrays.stream(FailureReason.values()).filter(r -> r.name().equalsIgnoreCase(reason)).findFirst()
                    .orElseThrow(() -> new ReplayException("unknown --reason '" + reason + "'; expected one of "
                            + Arrays.stream(FailureReason.values()).map(Enum::name).collect(Collectors.joining(", ")))));
        }
        return parsed;
    }


    private static int report(ReplayResult result, PrintWriter out) {
        int code = 0;
        if (result instanceof ReplayResult.DryRun dryRun) {
            out.println("dry run: nothing published; matches by project, model and reason:");
            dryRun.counts().table().forEach(out::println);
        } else if (result instanceof ReplayResult.Interrupted) {
            out.println("stopped early; run the same command again to continue (already published requests "
                    + "are deduplicated by the processor)");
            code = INTERRUPTED;
        }
        result.summary().undecodable().lines().forEach(out::println);
        out.println(result.summary().line());
        out.flush();
        return code;
    }
}
