package dev.inferstream.harness.bench;

import dev.inferstream.service.InferstreamService;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Inferstream as built: {@link InferstreamService} with its default settings, except the rate limit the
 * plan sets and a first status check at 2 s (the shortest job the operator expects) before anything
 * is learned, instead of the 5 s default, so a short warm-up teaches it the four models. It runs twice:
 * under the plan's generous quota for throughput, and under a limit its burst far exceeds, to show the
 * limit holds.
 */
final class InferstreamSystem implements SystemUnderTest {

    static final Duration INITIAL_DELAY = Duration.ofSeconds(2);

    private final Profile profile;
    private static final long QUOTA_WARM_UP_SECONDS = 10;
    private static final long QUICK_QUOTA_WARM_UP_SECONDS = 3;
    /** About what a request costs in calls (one POST, one or two checks), to turn a quota into requests. */
    private static final double CALLS_PER_REQUEST = 2.5;

    private final ToDoubleFunction<BenchPlan> rate;
    private final ToIntFunction<BenchPlan> requests;
    private final Function<BenchPlan, WarmUp> warmUp;
    private InferstreamEvents events;

    private InferstreamSystem(Profile profile, ToDoubleFunction<BenchPlan> rate, ToIntFunction<BenchPlan> requests,
                              Function<BenchPlan, WarmUp> warmUp) {
        this.profile = profile;
        this.rate = rate;
        this.requests = requests;
        this.warmUp = warmUp;
    }

    static InferstreamSystem asBuilt() {
        return new InferstreamSystem(new Profile(Targets.INFERSTREAM, "inferstream", Measure.UNTIL_DONE, true, true, true),
                BenchPlan::callsPerSecond, BenchPlan::requests,
                // Spread out, so later warm-up jobs are scheduled with what earlier ones taught.
                plan -> new WarmUp(plan.warmUpRequests(), plan.warmUpSpread()));
    }

    /** Under a quota its burst far exceeds: no one-second window above the quota, and the quota used. */
    static InferstreamSystem rateLimited() {
        return new InferstreamSystem(new Profile(Targets.RATE_LIMITED, "limited", Measure.UNTIL_DONE, true, false, false),
                BenchPlan::limitedCallsPerSecond, BenchPlan::limitedRequests,
                quotaWarmUp(BenchPlan::limitedCallsPerSecond));
    }

    /** The same under a quota of thousands of calls per second, which a hidden in-flight cap would keep it from using. */
    static InferstreamSystem highQuota() {
        return new InferstreamSystem(new Profile(Targets.HIGH_QUOTA, "quota", Measure.UNTIL_DONE, true, false, false),
                BenchPlan::highQuotaCallsPerSecond, BenchPlan::highQuotaRequests,
                quotaWarmUp(BenchPlan::highQuotaCallsPerSecond));
    }

    /**
     * A quota phase measures the limiter, so it must not measure a cold JVM. Run on its own
     * ({@code --only quota}) after 40 warm-up requests, the JIT was still compiling through the measurement
     * (27 % of the process's CPU in compiler threads) and the instance used 0.51 of a 3,000 calls/s quota;
     * the same phase right after the other Inferstream phases used 0.92. About {@link #QUOTA_WARM_UP_SECONDS}
     * of the quota's worth of requests, sent at once and paced by the limiter, warms it.
     */
    private static Function<BenchPlan, WarmUp> quotaWarmUp(ToDoubleFunction<BenchPlan> quota) {
        return plan -> {
            long seconds = plan.quick() ? QUICK_QUOTA_WARM_UP_SECONDS : QUOTA_WARM_UP_SECONDS;
            return new WarmUp((int) Math.ceil(quota.applyAsDouble(plan) * seconds / CALLS_PER_REQUEST), Duration.ZERO);
        };
    }

    @Override
    public Profile profile() {
        return profile;
    }

    @Override
    public int requests(BenchPlan plan) {
        return requests.applyAsInt(plan);
    }

    @Override
    public OptionalDouble callLimit(BenchPlan plan) {
        return OptionalDouble.of(rate.applyAsDouble(plan));
    }

    @Override
    public WarmUp warmUp(BenchPlan plan) {
        return warmUp.apply(plan);
    }

    @Override
    public KafkaStreams start(BenchEnvironment env, String input) throws Exception {
        events = new InferstreamEvents(env.serdeConfig());
        TopologySettings defaults = TopologySettings.defaults();
        TopologySettings.Polling polling = defaults.polling();
        TopologySettings settings = defaults.toBuilder().topics(InferstreamEvents.topics(input))
                .polling(new TopologySettings.Polling(INITIAL_DELAY, polling.minInterval(), polling.maxInterval(),
                        polling.firstMissGrowth(), polling.jitter()))
                .limits(BenchLimits.withRate(defaults.limits(), rate.applyAsDouble(env.plan()))).build();
        InferstreamService service = InferstreamService.start(new InferstreamService.Settings("bench-" + profile.slug(),
                env.bootstrapServers(), env.serdeConfig(), env.stateDir(profile.slug()), settings,
                env.plan().streamsOverrides(),
                Duration.ofSeconds(30)), env.client(), new SimpleMeterRegistry());
        return service.streams();
    }

    @Override
    public List<String> outputs(String input) {
        return InferstreamEvents.outputs(input);
    }

    @Override
    public OptionalLong jobIdOf(BenchEnvironment env, ConsumerRecord<String, byte[]> terminal) {
        return events.jobIdOf(terminal);
    }
}
