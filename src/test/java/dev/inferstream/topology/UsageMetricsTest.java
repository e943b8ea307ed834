package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a team sees of its usage: jobs, API calls and request-to-terminal time per model and project. */
class UsageMetricsTest {

    private TopologyHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void givenJobsOfTwoModels_countsJobsByModelProjectAndOutcome_andApiCallsAndDurationsByModel() {
        harness = new TopologyHarness(TopologySettings.defaults());
        harness.api.scriptSubmits(request -> request.modelIdentifier().equals("unknown-model")
                ? Optional.of(new ApiOutcome.Rejected(400, "Model 'unknown-model' does not exist.", Duration.ZERO))
                : Optional.empty());
        harness.send(Requests.live("a-1").setModelIdentifier("ocr").build());
        harness.send(Requests.live("a-2").setModelIdentifier("ocr").setProjectIdentifier("contracts").build());
        harness.send(Requests.live("b-1").setModelIdentifier("unknown-model").build());

        harness.advance(Duration.ofSeconds(10));

        assertThat(jobs("ocr", "demo-project", "COMPLETED")).isEqualTo(1);
        assertThat(jobs("ocr", "contracts", "COMPLETED")).isEqualTo(1);
        assertThat(jobs("unknown-model", "demo-project", "REJECTED")).isEqualTo(1);
        assertThat(calls("ocr", "submit")).isEqualTo(2);
        assertThat(calls("ocr", "status")).isEqualTo(2);
        assertThat(calls("unknown-model", "submit")).isEqualTo(1);
        Timer ocr = harness.meters.find("inferstream.request.duration").tag("model", "ocr").timer();
        assertThat(ocr.count()).isEqualTo(2);
        assertThat(ocr.max(TimeUnit.SECONDS)).isBetween(3.0, 10.0);
        assertThat(harness.meters.find("inferstream.request.duration").tag("model", "unknown-model").timer().count())
                .isEqualTo(1);
    }

    @Test
    void givenMoreModelsThanTheLabelLimit_laterOnesAreCountedAsOther() {
        harness = new TopologyHarness(TopologySettings.defaults().toBuilder().metricLabelLimit(2).build());
        for (int i = 0; i < 5; i++) {
            harness.send(Requests.live("r-" + i).setModelIdentifier("model-" + i).build());
            harness.advance(Duration.ofMillis(200));
        }

        harness.advance(Duration.ofSeconds(10));

        assertThat(harness.meters.find("inferstream.jobs").counters())
                .extracting(counter -> counter.getId().getTag("model"))
                .containsOnly("model-0", "model-1", "other");
        assertThat(jobs("other", "demo-project", "COMPLETED")).isEqualTo(3);
        assertThat(harness.meters.find("inferstream.request.duration").timers())
                .extracting(timer -> timer.getId().getTag("model")).containsExactlyInAnyOrder("model-0", "model-1",
                        "other");
    }

    @Test
    void givenAnInvalidRequest_itIsCountedAsAJobOutcome_butHasNoDuration() {
        harness = new TopologyHarness(TopologySettings.defaults());
        harness.send(Requests.live("bad").setModelIdentifier("ocr").setSourceIds(java.util.List.of()).build());

        harness.advance(Duration.ofSeconds(1));

        assertThat(jobs("ocr", "demo-project", "INVALID_REQUEST")).isEqualTo(1);
        assertThat(harness.meters.find("inferstream.request.duration").timers()).isEmpty();
    }

    private double jobs(String model, String project, String outcome) {
        Counter counter = harness.meters.find("inferstream.jobs")
                .tags("model", model, "project", project, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private double calls(String model, String call) {
        Counter counter = harness.meters.find("inferstream.model.api.calls").tags("model", model, "call", call).counter();
        return counter == null ? 0 : counter.count();
    }
}
