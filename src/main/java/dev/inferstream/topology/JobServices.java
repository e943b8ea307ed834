package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClient;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every task of one instance shares: the API client, the call budget, what was learned about
 * job durations, the meters, a source of randomness for jitter (one generator per task) and what is
 * known about the schema registry.
 */
public record JobServices(AnnoLabClient client, ApiCapacity capacity, DurationLearner learner, JobMetrics metrics,
                          TickObserver tickObserver, Supplier<RandomGenerator> randomness, RegistryHealth registry) {

    public static JobServices create(TopologySettings settings, AnnoLabClient client, JobMetrics metrics,
                                     TickObserver tickObserver, Supplier<RandomGenerator> randomness) {
        ApiCapacity capacity = new ApiCapacity(settings.limits(), settings.retries());
        metrics.watch(capacity);
        RegistryHealth registry = new RegistryHealth();
        metrics.watch(registry);
        return new JobServices(client, capacity, new DurationLearner(settings.polling()), metrics, tickObserver,
                randomness, registry);
    }
}
