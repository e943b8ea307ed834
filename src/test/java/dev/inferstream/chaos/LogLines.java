package dev.inferstream.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts log lines across the processors' captured output. A line reaches the file when it is logged,
 * so unlike a metric it outlives the SIGKILL of the process that wrote it.
 */
final class LogLines {

    private LogLines() {
    }

    static long count(Path outputDir, String line) {
        try (Stream<Path> files = Files.list(outputDir)) {
            long count = 0;
            for (Path file : files.filter(f -> f.toString().endsWith(".out")).toList()) {
                try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                    count += lines.filter(text -> text.contains(line)).count();
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
