package dev.inferstream.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Where a secret turned up. Searches raw bytes, so a key inside an Avro string, a header or a log line
 * is found whatever encoding wraps it.
 */
final class SecretScan {

    private final byte[] secret;
    private final List<String> findings = new ArrayList<>();
    private final Map<String, Integer> filesScanned = new LinkedHashMap<>();
    private int recordsScanned;
    private int answersScanned;

    SecretScan(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Every file under {@code dir}, counted under {@code label} in the summary. */
    SecretScan files(String label, Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path file : paths.filter(Files::isRegularFile).toList()) {
                filesScanned.merge(label, 1, Integer::sum);
                if (contains(Files.readAllBytes(file))) {
                    findings.add("file " + file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    SecretScan records(List<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> record : records) {
            recordsScanned++;
            boolean inHeaders = false;
            for (Header header : record.headers()) {
                inHeaders |= contains(header.key().getBytes(StandardCharsets.UTF_8)) || contains(header.value());
            }
            if (contains(record.key()) || contains(record.value()) || inHeaders) {
                findings.add("record " + record.topic() + "-" + record.partition() + "@" + record.offset());
            }
        }
        return this;
    }

    SecretScan answers(List<OpsAnswers.Scraped> answers) {
        for (OpsAnswers.Scraped answer : answers) {
            answersScanned++;
            if (contains(answer.body().getBytes(StandardCharsets.UTF_8))) {
                findings.add("answer " + answer.url());
            }
        }
        return this;
    }

    List<String> findings() {
        return List.copyOf(findings);
    }

    String summary() {
        StringBuilder summary = new StringBuilder();
        filesScanned.forEach((label, count) -> summary.append(count).append(' ').append(label).append(", "));
        return summary.append(recordsScanned).append(" records, ").append(answersScanned).append(" ops answers")
                .toString();
    }

    private boolean contains(byte[] haystack) {
        if (haystack == null) {
            return false;
        }
        outer:
        for (int i = 0; i <= haystack.length - secret.length; i++) {
            for (int j = 0; j < secret.length; j++) {
                if (haystack[i + j] != secret[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
