package dev.inferstream.cli;

import dev.inferstream.serde.AvroTrust;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the shaded jar and of {@code bin/inferstream}. */
@Command(name = "inferstream",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns inference-requested events into AnnoLab batch inference jobs and publishes one terminal event per request.",
        subcommands = {CommandLine.HelpCommand.class, ReplayCommand.class})
public final class Main {

    public static void main(String[] args) {
        AvroTrust.install();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }
}
