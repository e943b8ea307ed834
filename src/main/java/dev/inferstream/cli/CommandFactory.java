package dev.inferstream.cli;

import java.util.Map;
import picocli.CommandLine;

/**
 * Hands the environment to the commands of this package that read it (those with a constructor taking
 * it), so tests can run them with a map of their own.
 */
final class CommandFactory implements CommandLine.IFactory {

    private final Map<String, String> environment;

    CommandFactory(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        if (type.getPackage() != CommandFactory.class.getPackage()) {
            return CommandLine.defaultFactory().create(type);
        }
        try {
            return type.cast(type.getDeclaredConstructor(Map.class).newInstance(environment));
        } catch (NoSuchMethodException readsNoEnvironment) {
            return CommandLine.defaultFactory().create(type);
        }
    }
}
