package dev.inferstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.events.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Filters, overrides and the checks a plan makes before anything connects. */
class ReplayRulesTest {

    private static final InferenceRequested ORIGINAL = InferenceRequested.newBuilder()
            .setRequestId("req-1").setGroupName("acme").setProjectIdentifier("demo-project")
            .setModelIdentifier("fast-model").setSourceIds(List.of(1L, 2L)).setOutputLayerIdentifier("predictions")
            .setTimeoutSeconds(30).setAttributes(Map.of("ticket", "T-9")).build();

    @Test
    void aReplayedRequestIsABackfillWithANewIdLinkedToTheOriginal() {
        InferenceRequested replay = ReplayOverrides.none().apply(ORIGINAL, new ReplayIds("fix"));

        assertThat(replay.getRequestId()).isEqualTo("fix:req-1");
        assertThat(replay.getReplayOf()).isEqualTo("req-1");
        assertThat(replay.getPriority()).isEqualTo(Priority.BACKFILL);
        assertThat(replay.getAttributes()).isEqualTo(Map.of("ticket", "T-9"));
        assertThat(replay.getModelIdentifier()).isEqualTo("fast-model");
        assertThat(replay.getSourceIds()).containsExactly(1L, 2L);
        assertThat(replay.getTimeoutSeconds()).isEqualTo(30);
    }

    @Test
    void overridesReplaceModelLayerAndTimeout() {
        ReplayOverrides overrides = new ReplayOverrides(Optional.of("slow-model"),
                Optional.of(ReplayOverrides.outputLayerOf("11")), OptionalInt.of(600));

        InferenceRequested replay = overrides.apply(ORIGINAL, new ReplayIds("fix"));

        assertThat(replay.getModelIdentifier()).isEqualTo("slow-model");
        assertThat(replay.getOutputLayerIdentifier()).isEqualTo(11L);
        assertThat(replay.getTimeoutSeconds()).isEqualTo(600);
    }

    @Test
    void aNonNumericOutputLayerStaysAName() {
        assertThat(ReplayOverrides.outputLayerOf("entities")).isEqualTo("entities");
        assertThat(ReplayOverrides.outputLayerOf("12a")).isEqualTo("12a");
    }

    @Test
    void filtersCombineAndEmptyMeansAny() {
        Candidate timedOut = new Candidate(ORIGINAL, Optional.of(FailureReason.TIMED_OUT), true);
        Candidate rejected = new Candidate(ORIGINAL, Optional.of(FailureReason.REJECTED), false);

        assertThat(ReplayFilter.any().matches(rejected)).isTrue();
        assertThat(filter(Set.of("demo-project"), Set.of("fast-model"), Set.of(FailureReason.TIMED_OUT), true, "req-")
                .matches(timedOut)).isTrue();
        assertThat(filter(Set.of(), Set.of(), Set.of(FailureReason.TIMED_OUT), false, "").matches(rejected)).isFalse();
        assertThat(filter(Set.of(), Set.of(), Set.of(), true, "").matches(rejected)).isFalse();
        assertThat(filter(Set.of("other"), Set.of(), Set.of(), false, "").matches(timedOut)).isFalse();
        assertThat(filter(Set.of(), Set.of("slow-model"), Set.of(), false, "").matches(timedOut)).isFalse();
        assertThat(filter(Set.of(), Set.of(), Set.of(), false, "job-").matches(timedOut)).isFalse();
    }

    @Test
    void aReasonFilterOnANonFailedSourceIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> plan(ReplaySource.COMPLETED,
                filter(Set.of(), Set.of(), Set.of(FailureReason.TIMED_OUT), false, "")))
                .isInstanceOf(ReplayException.class)
                .hasMessage("--reason needs --from-topic inference-failed; inference-completed events carry no failure reason");
    }

    @Test
    void anEmptyOrInvertedWindowIsRefused() {
        assertThatThrownBy(() -> new ScanPlanner(null, null).plan("t", Instant.EPOCH, Instant.EPOCH))
                .isInstanceOf(ReplayException.class).hasMessageContaining("is not before --until");
    }

    private static ReplayFilter filter(Set<String> projects, Set<String> models, Set<FailureReason> reasons,
                                       boolean retryableOnly, String prefix) {
        return new ReplayFilter(projects, models, reasons, retryableOnly,
                prefix.isEmpty() ? Optional.empty() : Optional.of(prefix));
    }

    private static ReplayPlan plan(ReplaySource source, ReplayFilter filter) {
        return new ReplayPlan("localhost:9092", Map.of(), Map.of("schema.registry.url", "mock://x"), source, "t", "r",
                Instant.EPOCH, Instant.now(), filter, ReplayOverrides.none(), new ReplayIds("n"), false,
                OptionalDouble.empty(), false);
    }
}
