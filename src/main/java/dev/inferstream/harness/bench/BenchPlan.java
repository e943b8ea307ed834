package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.kafka.streams.StreamsConfig;

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
 * @param highQuotaRequests the burst of the high-quota phase
 * @param highQuotaCallsPerSecond its quota: thousands of calls per second, below what the machine can make
 * @param simLatency      the simulator's delay before every answer
 * @param models          model names and their (stable) job durations
 * @param patience        the longest a phase may take before the run gives up on it
 * @param sustained       the sustained phase: a constant rate in rising steps, after the steady phase
 * @param streamThreads   Kafka Streams threads of the systems built on Inferstream's topology
 * @param scale           the scale measurement after the systems, if this run makes it
 */
public record BenchPlan(boolean quick, int requests, int warmUpRequests, Duration warmUpSpread, int steadyRequests,
                        Duration steadySpread, Duration naiveWindow,
                        double callsPerSecond, int limitedRequests, double limitedCallsPerSecond,
                        int highQuotaRequests, double highQuotaCallsPerSecond,
                        Duration simLatency, List<Model> models, Duration patience, SustainedPlan sustained,
                        int streamThreads, Optional<ScalePlan> scale) {

    public record Model(long id, String name, Duration duration) {}

    /**
     * The quota of the throughput phases, in calls per second: more than any system here asks for (the
     * fixed poller's 4.5 calls per request at 4,000 requests/s is 18,000), so the figures show what each
     * design does with the API, not the limit.
     */
    static final double GENEROUS_QUOTA = 20_000;

    /**
     * A quota of thousands of calls per second that this 2-core machine can still make while it runs the
     * broker and the simulator too: the default configuration must use at least 90 % of it.
     */
    static final double HIGH_QUOTA = 3_000;

    public BenchPlan {
        models = List.copyOf(models);
        Objects.requireNonNull(sustained, "sustained");
        Objects.requireNonNull(scale, "scale");
        if (requests < 1 || warmUpRequests < 0 || models.isEmpty()) {
            throw new IllegalArgumentException("a plan needs requests and models");
        }
        if (streamThreads < 1) {
            throw new IllegalArgumentException("streamThreads must be at least 1, was " + streamThreads);
        }
    }

    /** Jobs of 2, 3, 4 and 5 s: the "jobs lasting 2-5 s", each model stable. */
    static List<Model> stableModels() {
        return List.of(new Model(201, "model-2s", Duration.ofSeconds(2)), new Model(202, "model-3s", Duration.ofSeconds(3)),
                new Model(203, "model-4s", Duration.ofSeconds(4)), new Model(204, "model-5s", Duration.ofSeconds(5)));
    }

    public static BenchPlan quickPlan() {
        return new BenchPlan(true, 1_000, 150, Duration.ofSeconds(6), 300, Duration.ofSeconds(6), Duration.ofSeconds(10),
                GENEROUS_QUOTA, 600, 200, 6_000, HIGH_QUOTA, Duration.ofMillis(50), stableModels(), Duration.ofSeconds(90),
                SustainedPlan.quick(), 1, Optional.empty());
    }

    public static BenchPlan fullPlan() {
        return new BenchPlan(false, 10_000, 400, Duration.ofSeconds(30), 1_500, Duration.ofSeconds(30),
                Duration.ofSeconds(60), GENEROUS_QUOTA, 3_000, 200, 20_000, HIGH_QUOTA,
                Duration.ofMillis(50), stableModels(), Duration.ofMinutes(10), SustainedPlan.full(), 1,
                Optional.of(ScalePlan.full()));
    }

    /** This plan with Inferstream's systems on {@code threads} stream threads. */
    public BenchPlan withStreamThreads(int threads) {
        return new BenchPlan(quick, requests, warmUpRequests, warmUpSpread, steadyRequests, steadySpread, naiveWindow,
                callsPerSecond, limitedRequests, limitedCallsPerSecond, highQuotaRequests, highQuotaCallsPerSecond,
                simLatency, models, patience, sustained, threads, scale);
    }

    /** Streams settings of the systems built on Inferstream's topology. */
    Map<String, String> streamsOverrides() {
        return Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(streamThreads));
    }
}
