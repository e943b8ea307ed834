package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.events.InferenceRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand random and mutated records: the processor never stops, and every record is accounted
 * for as an accepted job, a duplicate, an INVALID_REQUEST or a record skipped to the dead-letter queue.
 */
class FuzzedInputTest {

    private static final int RECORDS = 10_000;

    @Test
    void givenTenThousandHostileRecords_neverStops_andEveryRecordIsAccountedFor() {
        try (TopologyHarness harness = TopologyHarness.withDefaults()) {
            SplittableRandom random = new SplittableRandom(7);
            byte[] valid = harness.encode(Requests.live("template").build());
            Map<String, Integer> sentByKind = new HashMap<>();
            for (int i = 0; i < RECORDS; i++) {
                String kind = sendOne(harness, random, valid, i);
                sentByKind.merge(kind, 1, Integer::sum);
                if (i % 500 == 0) {
                    harness.advance(Duration.ofMillis(200));
                }
            }
            // About 2,000 jobs at the default 100 calls/s: a POST and a status check each.
            harness.advance(Duration.ofSeconds(90));

            double accepted = harness.counter("inferstream.requests", "result", "accepted");
            double deduplicated = harness.counter("inferstream.requests", "result", "deduplicated");
            double invalid = harness.counter("inferstream.requests", "result", "invalid");
            double dropped = harness.droppedRecords();
            System.out.printf("fuzz: sent %s; accepted %.0f, deduplicated %.0f, invalid %.0f, dead letters %.0f%n",
                    sentByKind, accepted, deduplicated, invalid, dropped);
            assertThat(accepted + deduplicated + invalid + dropped).isEqualTo(RECORDS);
            assertThat(harness.failed().stream().filter(r -> r.value().getReason().name().equals("INVALID_REQUEST")))
                    .hasSize((int) invalid);
            List<String> ended = new ArrayList<>();
            harness.completed().forEach(record -> ended.add(record.key()));
            harness.failed().stream().filter(r -> !r.value().getReason().name().equals("INVALID_REQUEST"))
                    .forEach(record -> ended.add(record.key()));
            assertThat(ended).hasSize((int) accepted).doesNotHaveDuplicates();
            assertThat(sentByKind.get("random bytes")).isPositive();
        }
    }

    private static String sendOne(TopologyHarness harness, SplittableRandom random, byte[] valid, int i) {
        String id = "fuzz-" + i;
        switch (random.nextInt(10)) {
            case 0 -> {
                byte[] bytes = new byte[random.nextInt(1, 200)];
                random.nextBytes(bytes);
                harness.sendRaw(id.getBytes(StandardCharsets.UTF_8), bytes);
                return "random bytes";
            }
            case 1 -> {
                byte[] mutated = valid.clone();
                for (int flips = random.nextInt(1, 4); flips > 0; flips--) {
                    mutated[random.nextInt(5, mutated.length)] ^= (byte) (1 << random.nextInt(8));
                }
                harness.sendRaw(id.getBytes(StandardCharsets.UTF_8), mutated);
                return "bit flips";
            }
            case 2 -> {
                byte[] truncated = java.util.Arrays.copyOf(valid, random.nextInt(0, valid.length));
                harness.sendRaw(id.getBytes(StandardCharsets.UTF_8), truncated);
                return "truncated";
            }
            case 3 -> {
                byte[] header = valid.clone();
                header[random.nextInt(0, 5)] ^= (byte) random.nextInt(1, 256);
                harness.sendRaw(id.getBytes(StandardCharsets.UTF_8), header);
                return "bad magic or schema id";
            }
            case 4 -> {
                byte[] key = new byte[] {(byte) 0xC3, (byte) 0x28, (byte) random.nextInt(256)};
                harness.sendRaw(key, harness.encode(Requests.live(id).build()));
                return "non-UTF-8 key";
            }
            case 5 -> {
                harness.send(brokenRule(random, id));
                return "breaks a rule";
            }
            case 6 -> {
                harness.send(Requests.live(id + "\u0007\u001b").build());
                return "control characters";
            }
            case 7 -> {
                String duplicateOf = "fuzz-dup-" + random.nextInt(20);
                harness.send(Requests.live(duplicateOf).build());
                return "duplicate ids";
            }
            case 8 -> {
                if (random.nextInt(50) == 0) {
                    harness.send(Requests.live(id).setSourceIds(LongStream.rangeClosed(1, 100_000).boxed().toList()).build());
                    return "100,000 source ids";
                }
                if (random.nextInt(50) == 0) {
                    harness.send(Requests.live(id).setAttributes(Map.of("blob", "x".repeat(1 << 20))).build());
                    return "1 MB attributes";
                }
                harness.send(Requests.live(id).build());
                return "valid";
            }
            default -> {
                harness.send(Requests.live(id).build());
                return "valid";
            }
        }
    }

    private static InferenceRequested brokenRule(SplittableRandom random, String id) {
        InferenceRequested.Builder builder = Requests.live(id);
        switch (random.nextInt(6)) {
            case 0 -> builder.setGroupName("");
            case 1 -> builder.setProjectIdentifier(" ");
            case 2 -> builder.setSourceIds(List.of(-1L));
            case 3 -> builder.setOutputLayerIdentifier(-5L);
            case 4 -> builder.setTimeoutSeconds(-3);
            default -> builder.setModelIdentifier("");
        }
        return builder.build();
    }
}
