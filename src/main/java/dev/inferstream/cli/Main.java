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
        subcommands = {RunCommand.class, SubmitCommand.class, ReplayCommand.class},
        footer = {"",
                "Examples:",
                "  inferstream run              the processor, configured by environment",
                "  inferstream submit --help    publish one request",
                "  inferstream replay --help    re-run history as a backfill",
                "",
                "demo, annolab-sim and bench come with the full jar (bin/inferstream),",
                "not with the service jar that the Docker image runs."})
public final class Main {

    public static void main(String[] args) {
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
