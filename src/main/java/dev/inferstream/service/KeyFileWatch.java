package dev.inferstream.service;

import dev.inferstream.api.ApiKeys;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads the API key file again every {@link #INTERVAL}, so a rotated Kubernetes secret (updated in place
 * through a symlink swap, which file-system events report unreliably) is in use within a second or two
 * of reaching the pod. Reading a few bytes a second costs nothing; a 401 also triggers a read at once.
 */
final class KeyFileWatch implements AutoCloseable {

    static final Duration INTERVAL = Duration.ofSeconds(1);

    private final ScheduledExecutorService timer;

    private KeyFileWatch(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts watching when the key comes from a file; otherwise there is nothing to watch. */
    static KeyFileWatch start(ApiKeys keys) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "api-key-file-watch");
            thread.setDaemon(true);
            return thread;
        });
        if (keys.file().isPresent()) {
            timer.scheduleWithFixedDelay(keys::reload, INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return new KeyFileWatch(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
