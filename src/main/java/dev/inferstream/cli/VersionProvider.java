package dev.inferstream.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version the shade plugin writes into the jar manifest. */
public final class VersionProvider implements IVersionProvider {

    public static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"inferstream " + version()};
    }
}
