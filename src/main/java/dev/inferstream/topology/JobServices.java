package dev.inferstream.topology;

import dev.inferstream.api.AnnoLabClient;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * What every task of one instance shares: the API client, the call budget, what was learned about
 * job durations, the meters, and a source of randomness for jitter (one generator per task).
 */
public record JobServices(AnnoLabClient client, ApiCapacity capacity, DurationLearner learner, JobMetrics metrics,
                          TickObserver tickObserver, Supplier<RandomGenerator> randomness) {

    public static JobServices create(TopologySettings settings, AnnoLabClient client, JobMetrics metrics,
                                     TickObserver tickObserver, Supplier<RandomGenerator> randomness) {
        ApiCapacity capacity = new ApiCapacity(settings.limits(), settings.retries());
        metrics.watch(capacity);
        return new JobServices(client, capacity, new DurationLearner(settings.polling()), metrics, tickObserver,
                randomness);
    }
}
