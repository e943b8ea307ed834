package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.inferstream.harness.sim.TestConfigs.KEY;
import static dev.inferstream.harness.sim.TestConfigs.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class JobLifecycleTest {

    private static final String FAST = SimClient.body("demo-project", "fast-model", "predictions", 3, 4);

    @Test
    void givenOwnJob_statusAnswersTheDocumentedFields() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(FAST, KEY);

            SimClient.Answer answer = client.status(jobId, KEY);

            assertThat(answer.status()).isEqualTo(200);
            JsonNode json = answer.json();
            assertThat(json.get("inferenceJobId").asLong()).isEqualTo(jobId);
            assertThat(json.get("status").asText()).isIn("Queued", "Running", "Finished");
            assertThat(json.get("projectId").asLong()).isEqualTo(1);
            assertThat(json.get("sourceIds")).extracting(JsonNode::asLong).containsExactly(3L, 4L);
        }
    }

    @Test
    void givenUnknownJob_answers404() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient.Answer answer = new SimClient(sim).status(999_999, KEY);

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json().get("message").asText()).isNotBlank();
        }
    }

    @Test
    void givenNonNumericJobId_answers404() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            assertThat(new SimClient(sim).get("/v1/infer/batch/abc", KEY).status()).isEqualTo(404);
        }
    }

    @Test
    void givenJobOfAnotherKey_answers404() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(FAST, KEY);

            assertThat(client.status(jobId, OTHER_KEY).status()).isEqualTo(404);
            assertThat(client.status(jobId, KEY).status()).isEqualTo(200);
        }
    }

    @Test
    void givenWrongKey_statusAnswers401() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(FAST, KEY);

            assertThat(client.status(jobId, "wrong").status()).isEqualTo(401);
        }
    }

    @Test
    void givenShortModel_jobGoesQueuedThenRunningThenFinished() throws Exception {
        SimConfig config = TestConfigs.quick()
                .queuedFor(Duration.ofMillis(800))
                .models(List.of(new SimModel(100, "fast-model", DurationSpec.fixed(Duration.ofMillis(1600)))))
                .build();
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(config)) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(FAST, KEY);
            List<String> seen = new ArrayList<>();

            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
                String status = client.statusOf(jobId, KEY);
                if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
                    seen.add(status);
                }
                return status.equals("Finished");
            });

            assertThat(seen).containsExactly("Queued", "Running", "Finished");
            JobStats stats = sim.stats().jobs().get(0);
            assertThat(stats.finishedAt()).contains(stats.submittedAt().plusMillis(1600));
            assertThat(stats.terminalStatus()).contains(JobStatus.FINISHED);
        }
    }

    @Test
    void givenErroredShareOfOne_jobEndsErrored() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().erroredShare(1.0).build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(FAST, KEY);

            await().atMost(Duration.ofSeconds(10)).until(() -> client.statusOf(jobId, KEY).equals("Errored"));

            assertThat(sim.stats().jobs().get(0).terminalStatus()).contains(JobStatus.ERRORED);
        }
    }

    @Test
    void givenNeverModel_jobStaysRunning() throws Exception {
        try (AnnoLabSimulator sim = AnnoLabSimulator.startBlocking(TestConfigs.quick().build())) {
            SimClient client = new SimClient(sim);
            long jobId = client.submitOk(SimClient.body("demo-project", "stuck-model", "predictions", 1), KEY);

            await().atMost(Duration.ofSeconds(5)).until(() -> client.statusOf(jobId, KEY).equals("Running"));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> client.statusOf(jobId, KEY).equals("Running"));

            JobStats stats = sim.stats().jobs().get(0);
            assertThat(stats.finishedAt()).isEmpty();
            assertThat(stats.terminalStatus()).isEmpty();
        }
    }
}
