package dev.inferstream.cli;

import java.util.Map;
import picocli.CommandLine;

/** Hands the environment to the commands that read it, so tests can run them with a map of their own. */
final class CommandFactory implements CommandLine.IFactory {

    private final Map<String, String> environment;

    CommandFactory(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type == RunCommand.class) {
            return type.cast(new RunCommand(environment));
        }
        return CommandLine.defaultFactory().create(type);
    }
}
