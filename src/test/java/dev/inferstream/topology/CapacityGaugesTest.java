package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.state.Lane;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CapacityGaugesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final JobServices services = JobServices.create(TopologySettings.defaults(),
            new FakeAnnoLabClient(() -> 0L), new JobMetrics(meters), TickObserver.NONE, SplittableRandom::new);

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    @Test
    void givenCallsInFlight_theInFlightGaugeCountsThem_untilTheyAreAnswered() {
        ApiCapacity.Permit first = services.capacity().tryAcquire(Lane.LIVE, 0).orElseThrow();
        services.capacity().tryAcquire(Lane.LIVE, 0).orElseThrow();
        assertThat(gauge("inferstream.api.in.flight")).isEqualTo(2.0);

        first.finish(new ApiOutcome.NotFound(404, Duration.ZERO));
        assertThat(gauge("inferstream.api.in.flight")).isEqualTo(1.0);
    }

    @Test
    void givenA401_thePausedGaugeIsOne_untilAnAnswerProvesTheKeyWorksAgain() {
        assertThat(gauge("inferstream.api.paused")).isZero();

        services.capacity().tryAcquire(Lane.LIVE, 0).orElseThrow()
                .finish(new ApiOutcome.Unauthorized(401, Duration.ZERO));
        assertThat(gauge("inferstream.api.paused")).isEqualTo(1.0);

        long probeTime = TopologySettings.Retries.defaults().maxAuthProbeInterval().toMillis();
        services.capacity().tryAcquire(Lane.LIVE, probeTime).orElseThrow()
                .finish(new ApiOutcome.NotFound(404, Duration.ZERO));
        assertThat(gauge("inferstream.api.paused")).isZero();
    }

    @Test
    void givenA429_theRateLimitGaugeShowsTheLoweredRate() {
        double configured = TopologySettings.Limits.defaults().callsPerSecond();
        assertThat(gauge("inferstream.api.rate.limit")).isEqualTo(configured);

        services.capacity().tryAcquire(Lane.LIVE, 0).orElseThrow()
                .finish(new ApiOutcome.RateLimited(Optional.empty(), 429, Duration.ZERO));
        assertThat(gauge("inferstream.api.rate.limit")).isLessThan(configured);
    }

    @Test
    void givenAnswers_theInFlightLimitGaugeFollowsTheRateTimesTheBaselineLatency() {
        double rate = TopologySettings.Limits.defaults().callsPerSecond();
        assertThat(gauge("inferstream.api.latency.baseline")).as("nothing answered yet").isNaN();
        assertThat(gauge("inferstream.api.in.flight.limit"))
                .as("a second assumed").isEqualTo(Math.ceil(rate * (2 * 1.0 + 0.1)));

        services.capacity().tryAcquire(Lane.LIVE, 0).orElseThrow()
                .finish(new ApiOutcome.NotFound(404, Duration.ofMillis(200)));

        assertThat(gauge("inferstream.api.latency.baseline")).isBetween(0.200, 0.240);
        assertThat(gauge("inferstream.api.in.flight.limit")).isBetween(rate * (2 * 0.200 + 0.1),
                Math.ceil(rate * (2 * 0.240 + 0.1)));
    }
}
