package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one bench run does; {@code quick} only labels the report. Every system sees the same simulator and the same models.
 *
 * @param requests        requests produced in one burst in each system's measured phase
 * @param warmUpRequests  requests produced before measuring, spread over {@code warmUpSpread}: they pay for
 *                        JIT and connection set-up, and let Inferstream learn the models' durations
 * @param warmUpSpread    how long warm-up requests are spread over
 * @param steadyRequests  requests spread over {@code steadySpread} before the burst, for the systems whose
 *                        status checks and detection delays are judged at a load they sustain
 * @param steadySpread    how long those are spread over
 * @param naiveWindow     the naive system is far too slow to finish a burst; it is measured over this window
 * @param callsPerSecond  the API rate limit of the throughput phases: a quota generous enough that the figures
 *                        show what each design does with the API, not the limit
 * @param limitedRequests the burst of the rate-limited phase, large enough to keep the limit binding for seconds
 * @param limitedCallsPerSecond the rate limit of that phase, far below what its burst asks for
 * @param simLatency      the simulator's delay before every answer
 * @param models          model names and their (stable) job durations
 * @param patience        the longest a phase may take before the run gives up on it
 * @param scale           the scale measurement after the systems, if this run makes it
 */
public record BenchPlan(boolean quick, int requests, int warmUpRequests, Duration warmUpSpread, int steadyRequests,
                        Duration steadySpread, Duration naiveWindow,
                        double callsPerSecond, int limitedRequests, double limitedCallsPerSecond,
                        Duration simLatency, List<Model> models, Duration patience, Optional<ScalePlan> scale) {

    public record Model(long id, String name, Duration duration) {}

    public BenchPlan {
        models = List.copyOf(models);
        Objects.requireNonNull(scale, "scale");
        if (requests < 1 || warmUpRequests < 0 || models.isEmpty()) {
            throw new IllegalArgumentException("a plan needs requests and models");
        }
    }

    /** Jobs of 2, 3, 4 and 5 s: the "jobs lasting 2-5 s", each model stable. */
    static List<Model> stableModels() {
        return List.of(new Model(201, "model-2s", Duration.ofSeconds(2)), new Model(202, "model-3s", Duration.ofSeconds(3)),
                new Model(203, "model-4s", Duration.ofSeconds(4)), new Model(204, "model-5s", Duration.ofSeconds(5)));
    }

    public static BenchPlan quickPlan() {
        return new BenchPlan(true, 1_000, 150, Duration.ofSeconds(6), 300, Duration.ofSeconds(6), Duration.ofSeconds(10),
                5_000, 600, 200, Duration.ofMillis(50), stableModels(), Duration.ofSeconds(90), Optional.empty());
    }

    public static BenchPlan fullPlan() {
        return new BenchPlan(false, 10_000, 400, Duration.ofSeconds(30), 1_500, Duration.ofSeconds(30),
                Duration.ofSeconds(60), 5_000, 3_000, 200,
                Duration.ofMillis(50), stableModels(), Duration.ofMinutes(10), Optional.of(ScalePlan.full()));
    }
}
