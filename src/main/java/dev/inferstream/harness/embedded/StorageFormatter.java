package dev.inferstream.harness.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import kafka.tools.StorageTool;

/** Formats a KRaft node's log directory, as {@code kafka-storage.sh format --standalone} would. */
final class StorageFormatter {

    private StorageFormatter() {
    }

    /**
     * Formats the directories named in {@code props}. Already formatted directories are left alone,
     * so a restarted broker keeps its data.
     */
    static void format(Properties props, String clusterId, Path configFile) {
        writeConfig(props, configFile);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(new String[] {
                "format", "--cluster-id", clusterId, "--config", configFile.toString(),
                "--standalone", "--ignore-formatted"
            }, out);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("kafka storage format failed with exit code " + exitCode
                    + ": " + output.toString(StandardCharsets.UTF_8));
        }
    }

    private static void writeConfig(Properties props, Path configFile) {
        try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            props.store(writer, "embedded KRaft node");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + configFile, e);
        }
    }
}
