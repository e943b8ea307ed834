package dev.inferstream.cli;

import dev.inferstream.serde.AvroTrust;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of both jars and of {@code bin/inferstream}. */
@Command(name = "inferstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns inference-requested events into AnnoLab batch inference jobs and publishes one terminal event per request.",
        subcommands = {RunCommand.class, SubmitCommand.class, TailCommand.class, ReplayCommand.class},
        footer = {"",
                "Examples:",
                "  inferstream run              the processor, configured by environment",
                "  inferstream submit --help    publish one request",
                "  inferstream tail             follow the results as they come",
                "  inferstream replay --help    re-run history as a backfill",
                "",
                "demo, annolab-sim and bench come with the full jar (bin/inferstream),",
                "not with the service jar that the Docker image runs."})
public final class Main {

    /** Where logback.xml's console appender writes; see {@link #main}. */
    static final String LOG_TARGET_PROPERTY = "inferstream.log.target";

    public static void main(String[] args) {
        // The tools print results on stdout (tail --json is piped into jq); their logs go to stderr.
        // Only the service logs to stdout, where container platforms collect it. Set before any logger exists.
        if (args.length == 0 || !args[0].equals("run")) {
            System.setProperty(LOG_TARGET_PROPERTY, "System.err");
        }
        AvroTrust.install();
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command tree reading {@code environment} instead of the process environment, for tests. */
    public static CommandLine commandLine(Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new Main(), new CommandFactory(environment));
        for (CommandProvider provider : ServiceLoader.load(CommandProvider.class)) {
            provider.commands().forEach(commandLine::addSubcommand);
        }
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        return commandLine;
    }
}
