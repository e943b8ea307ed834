package dev.inferstream.quota;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.state.Lane;
import dev.inferstream.topology.ApiCapacity;
import dev.inferstream.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * One instance's quota machinery without the streams: its own call budget (300 calls/s and 256 in flight,
 * cluster-wide), the partitions it pretends to run, and a caller that, while busy, takes every permit the
 * budget gives every 5 ms, as a backlog would.
 */
final class QuotaInstance implements AutoCloseable {

    static final TopologySettings.Limits LIMITS = TopologySettings.Limits.defaults().withInFlightAndRate(256, 300);
    private static final ApiOutcome OK = new ApiOutcome.NotFound(404, Duration.ZERO);

    private final ApiCapacity capacity;
    private final QuotaShare quota;
    private final SimpleMeterRegistry meters;
    private final List<Long> calls = new ArrayList<>();
    private final Thread caller;
    private volatile boolean busy;
    private volatile boolean running = true;

    private QuotaInstance(ApiCapacity capacity, QuotaShare quota, SimpleMeterRegistry meters) {
        this.capacity = capacity;
        this.quota = quota;
        this.meters = meters;
        this.caller = new Thread(this::call, "quota-instance-caller");
        caller.setDaemon(true);
        caller.start();
    }

    static QuotaInstance start(QuotaSettings settings, String bootstrapServers, String inputTopic, int... partitions) {
        ApiCapacity capacity = new ApiCapacity(LIMITS, TopologySettings.Retries.defaults());
        OwnedPartitions owned = new OwnedPartitions(System::currentTimeMillis);
        for (int partition : partitions) {
            owned.acquired(partition);
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        QuotaShare quota = Quotas.start(settings, "test", Map.of("bootstrap.servers", bootstrapServers), inputTopic,
                LIMITS, capacity, owned, meters, System::currentTimeMillis);
        return new QuotaInstance(capacity, quota, meters);
    }

    void busy(boolean value) {
        busy = value;
    }

    double shareNow() {
        return quota.shareAt(System.currentTimeMillis());
    }

    double shareAt(long now) {
        return quota.shareAt(now);
    }

    ApiCapacity capacity() {
        return capacity;
    }

    boolean fallbackAndShareIs(double expected) {
        return quota.fallingBackAt(System.currentTimeMillis()) && Math.abs(shareNow() - expected) < 0.001;
    }

    double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    /** When each call this instance made was sent. */
    synchronized List<Long> calls() {
        return List.copyOf(calls);
    }

    private void call() {
        while (running) {
            if (busy) {
                long now = System.currentTimeMillis();
                Optional<ApiCapacity.Permit> permit;
                while ((permit = capacity.tryAcquire(Lane.LIVE, now)).isPresent()) {
                    permit.get().sent(now);
                    permit.get().finish(OK);
                    synchronized (this) {
                        calls.add(now);
                    }
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    @Override
    public void close() {
        running = false;
        quota.close();
    }
}
