package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.harness.sim.DurationSpec;
import dev.inferstream.harness.sim.FaultConfig;
import dev.inferstream.harness.sim.FaultKind;
import dev.inferstream.harness.sim.SimConfig;
import dev.inferstream.harness.sim.SimModel;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The real client against the real simulator over loopback HTTP: every outcome the topology acts on. */
class ClientAgainstSimulatorTest {

    private static final String KEY = "client-sim-key-Pq81";
    private static final SubmitRequest VALID = new SubmitRequest("demo-project", "fast-model", List.of(5L, 6L),
            new SubmitRequest.OutputLayer.Named("predictions"), "acme");

    @Test
    void givenValidSubmission_isAccepted_andStatusMovesToFinished() throws Exception {
        try (SimulatedApi setup = setup(config -> config.trailingComma(true).erroredShare(0))) {
            ApiOutcome.Accepted accepted = (ApiOutcome.Accepted) setup.submit(VALID);
            assertThat(accepted.httpStatus()).isEqualTo(201);
            assertThat(accepted.job().projectName()).contains("demo-project");
            assertThat(accepted.job().outputLayerName()).contains("predictions");
            assertThat(accepted.job().sourceIds()).containsExactly(5L, 6L);

            long jobId = accepted.job().jobId();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    setup.status(jobId) instanceof ApiOutcome.JobStatus status && status.isFinished());
        }
    }

    @Test
    void givenErroredShareOfOne_statusEndsErrored() throws Exception {
        try (SimulatedApi setup = setup(config -> config.erroredShare(1.0))) {
            long jobId = ((ApiOutcome.Accepted) setup.submit(VALID)).job().jobId();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                    setup.status(jobId) instanceof ApiOutcome.JobStatus status && status.isErrored());
        }
    }

    @Test
    void givenNumericLayerId_isAccepted() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            SubmitRequest byId = new SubmitRequest("1", "100", List.of(1L), new SubmitRequest.OutputLayer.Numbered(10),
                    "acme");
            assertThat(setup.submit(byId)).isInstanceOf(ApiOutcome.Accepted.class);
        }
    }

    @Test
    void givenUnknownModel_isRejectedWithTheSimulatorsMessage() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            SubmitOutcome outcome = setup.submit(new SubmitRequest("demo-project", "no-such-model", List.of(1L),
                    new SubmitRequest.OutputLayer.Named("predictions"), "acme"));
            assertThat(outcome).isInstanceOfSatisfying(ApiOutcome.Rejected.class, rejected -> {
                assertThat(rejected.httpStatus()).isEqualTo(400);
                assertThat(rejected.message()).containsIgnoringCase("model");
            });
        }
    }

    @Test
    void givenLockedProject_isForbidden() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            SubmitOutcome outcome = setup.submit(new SubmitRequest("locked-project", "fast-model", List.of(1L),
                    new SubmitRequest.OutputLayer.Named("predictions"), "acme"));
            assertThat(outcome).isInstanceOf(ApiOutcome.Forbidden.class);
        }
    }

    @Test
    void givenWrongKey_isUnauthorized_andTheKeyIsNowhereInTheOutcome() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity(), "wrong-key-Zz9")) {
            SubmitOutcome outcome = setup.submit(VALID);
            assertThat(outcome).isInstanceOf(ApiOutcome.Unauthorized.class);
            assertThat(outcome.toString()).doesNotContain("wrong-key-Zz9");
        }
    }

    @Test
    void givenUnknownJob_isNotFound() throws Exception {
        try (SimulatedApi setup = setup(UnaryOperator.identity())) {
            assertThat(setup.status(987_654)).isInstanceOf(ApiOutcome.NotFound.class);
        }
    }

    @Test
    void given429Fault_isRateLimitedWithTheRetryAfter() throws Exception {
        try (SimulatedApi setup = setup(config -> config.faults(FaultConfig.none()
                .withProbability(FaultKind.RATE_LIMITED, 1.0).withRetryAfterSeconds(7)))) {
            assertThat(setup.submit(VALID)).isInstanceOfSatisfying(ApiOutcome.RateLimited.class, limited ->
                    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7)));
        }
    }

    @Test
    void given5xxFault_isTransientWithTheStatus() throws Exception {
        try (SimulatedApi setup = setup(config -> config.fault(FaultKind.UNAVAILABLE, 1.0))) {
            assertThat(setup.submit(VALID)).isInstanceOfSatisfying(ApiOutcome.Transient.class, failure ->
                    assertThat(failure.httpStatus()).isEqualTo(503));
        }
    }

    @Test
    void givenDroppedConnection_isTransientWithoutAResponse() throws Exception {
        try (SimulatedApi setup = setup(config -> config.fault(FaultKind.DROPPED, 1.0))) {
            assertThat(setup.status(1)).isInstanceOfSatisfying(ApiOutcome.Transient.class, failure ->
                    assertThat(failure.httpStatus()).isEqualTo(ApiOutcome.NO_RESPONSE));
        }
    }

    @Test
    void givenAnswerSlowerThanTheRequestTimeout_isTransientWithinTheTimeout() throws Exception {
        try (SimulatedApi setup = setup(config -> config.faults(FaultConfig.none()
                .withProbability(FaultKind.SLOW, 1.0).withSlowDelay(Duration.ofSeconds(5))))) {
            StatusOutcome outcome = setup.status(1);
            assertThat(outcome).isInstanceOf(ApiOutcome.Transient.class);
            assertThat(outcome.latency()).isLessThan(Duration.ofSeconds(4));
        }
    }

    private static SimulatedApi setup(UnaryOperator<SimConfig.Builder> configure) {
        return setup(configure, KEY);
    }

    private static SimulatedApi setup(UnaryOperator<SimConfig.Builder> configure, String clientKey) {
        return new SimulatedApi(configure.apply(SimConfig.defaults().toBuilder().port(0).apiKeys(KEY)
                .models(List.of(new SimModel(100, "fast-model", DurationSpec.fixed(Duration.ofMillis(300)))))).build(), clientKey);
    }
}
