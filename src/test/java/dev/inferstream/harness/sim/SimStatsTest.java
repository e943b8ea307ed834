package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SimStatsTest {

    private static final String A = SimClient.body("demo-project", "fast-model", "predictions", 1, 2);
    private static final String A_REORDERED = "{\"sourceIds\":[1,2],\"groupName\":\"group-a\",\"outputLayerIdentifier\":\"predictions\","
            + "\"modelIdentifier\":\"fast-model\",\"projectIdentifier\":\"demo-project\",\"ignored\":true}";
    private static final String B = SimClient.body("demo-project", "fast-model", "predictions", 3);
    private static final String C = SimClient.body("demo-project", "fast-model", "entities", 3);

    @Test
    void givenTraffic_countsSubmitsChecksAndRejections() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(A, KEY);
            client.submit(SimClient.body("no-such-project", "fast-model", "predictions", 1), KEY);
            client.submit(A, "wrong");
            client.status(jobId, KEY);
            client.status(jobId, KEY);
            client.status(424242, KEY);

            SimStats stats = sim.stats();

            assertThat(stats.submits()).isEqualTo(2);
            assertThat(stats.acceptedSubmits()).isEqualTo(1);
            assertThat(stats.unauthorized()).isEqualTo(1);
            assertThat(stats.statusChecks()).isEqualTo(3);
            assertThat(stats.callArrivals()).hasSize(5).isSorted();
            assertThat(stats.jobs()).singleElement().satisfies(job -> {
                assertThat(job.jobId()).isEqualTo(jobId);
                assertThat(job.statusChecks()).isEqualTo(2);
                assertThat(job.model()).isEqualTo("fast-model");
            });
            assertThat(stats.faults()).containsOnlyKeys(FaultKind.values()).allSatisfy((kind, n) -> assertThat(n).isZero());
            assertThat(sim.counts()).isEqualTo(new SimCounts(2, 1, 3));
        }
    }

    @Test
    void givenIdenticalBodies_reportsDuplicateSubmissions() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            client.submitOk(A, KEY);
            client.submitOk(A, KEY);
            client.submitOk(A_REORDERED, KEY);
            client.submitOk(B, KEY);
            client.submitOk(B, KEY);
            client.submitOk(C, KEY);

            DuplicateStats duplicates = sim.stats().duplicates();

            assertThat(duplicates.repeatedBodies()).isEqualTo(2);
            assertThat(duplicates.extraSubmissions()).isEqualTo(3);
        }
    }

    @Test
    void givenTerminalCheck_recordsWhenTheClientFirstSawIt() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(A, KEY);

            await().atMost(Duration.ofSeconds(10)).until(() -> client.statusOf(jobId, KEY).equals("Finished"));

            JobStats job = sim.stats().jobs().get(0);
            assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
            assertThat(job.terminalSeenAt()).hasValueSatisfying(seen -> assertThat(seen).isAfterOrEqualTo(job.finishedAt().orElseThrow()));
        }
    }

    @Test
    void givenStatsEndpoint_answersTheSameNumbersAsJson() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(A, KEY);
            client.submitOk(A, KEY);
            client.submitOk(SimClient.body("demo-project", "stuck-model", "predictions", 9), KEY);
            client.status(jobId, KEY);

            SimClient.Answer answer = client.get("/_sim/stats");

            assertThat(answer.status()).isEqualTo(200);
            JsonNode json = answer.json();
            assertThat(json.get("submits").asLong()).isEqualTo(3);
            assertThat(json.get("acceptedSubmits").asLong()).isEqualTo(3);
            assertThat(json.get("statusChecks").asLong()).isEqualTo(1);
            assertThat(json.get("faults").get("rate-limited").asLong()).isZero();
            assertThat(json.get("duplicateSubmissions").get("repeatedBodies").asLong()).isEqualTo(1);
            assertThat(json.get("duplicateSubmissions").get("extraSubmissions").asLong()).isEqualTo(1);
            JsonNode first = json.get("jobs").get(0);
            assertThat(first.get("jobId").asLong()).isEqualTo(jobId);
            assertThat(first.get("statusChecks").asLong()).isEqualTo(1);
            assertThat(first.get("submittedAt").asText()).isNotBlank();
            assertThat(first.get("finishedAt").asText()).isNotBlank();
            assertThat(first.get("terminalStatus").asText()).isEqualTo("Finished");
            JsonNode stuck = json.get("jobs").get(2);
            assertThat(stuck.get("finishedAt").isNull()).isTrue();
            assertThat(stuck.get("terminalStatus").isNull()).isTrue();
        }
    }

    @Test
    void givenReset_forgetsJobsAndCountersButKeepsCountingIds() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long before = client.submitOk(A, KEY);
            client.submitOk(A, KEY);

            assertThat(client.post("/_sim/reset").status()).isEqualTo(204);

            SimStats stats = sim.stats();
            assertThat(stats.submits()).isZero();
            assertThat(stats.jobs()).isEmpty();
            assertThat(stats.duplicates().extraSubmissions()).isZero();
            assertThat(client.status(before, KEY).status()).isEqualTo(404);
            assertThat(client.submitOk(A, KEY)).isGreaterThan(before + 1);
        }
    }
}
