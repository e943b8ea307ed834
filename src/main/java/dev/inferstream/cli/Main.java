package dev.inferstream.cli;

import dev.inferstream.serde.AvroTrust;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the shaded jar and of {@code bin/inferstream}. */
@Command(name = "inferstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns inference-requested events into AnnoLab batch inference jobs and publishes one terminal event per request.",
        subcommands = {RunCommand.class, DemoCommand.class, SubmitCommand.class, ReplayCommand.class,
                AnnoLabSimCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"",
                "Examples:",
                "  inferstream demo                 everything embedded: broker, registry, AnnoLab simulator",
                "  inferstream run                  the processor, configured by environment variables",
                "  inferstream annolab-sim          a simulator of AnnoLab's inference API on port 8090",
                "  inferstream submit --help        publish one request",
                "  inferstream replay --help        re-run history as a backfill",
                "  inferstream bench --quick        Inferstream against three baselines, in about 2 minutes"})
public final class Main {

    public static void main(String[] args) {
        AvroTrust.install();
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The command tree reading {@code environment} instead of the process environment, for tests. */
    static CommandLine commandLine(Map<String, String> environment) {
        return new CommandLine(new Main(), new CommandFactory(environment));
    }
}
