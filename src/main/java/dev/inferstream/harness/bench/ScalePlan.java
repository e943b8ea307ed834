package dev.inferstream.harness.bench;

import java.time.Duration;

/**
 * What the scale measurement does: fill one service instance with jobs that never finish, measure its
 * ticks and memory at {@code smallPending} and again at {@code largePending}, then restore it from the
 * changelog on a fresh state directory.
 *
 * @param smallPending  pending jobs at the first measuring point (the 1,000)
 * @param largePending  pending jobs at the second point (the 1,000,000)
 * @param trickleRate   live requests per second for a fast model while ticks are measured, the same at both points
 * @param trickleJob    how long the simulator runs each of those jobs
 * @param serviceWarmUp trickle before the first ingest: a fresh JVM compiles its hot paths for tens of
 *                      seconds on two cores, and measured cold the first point would show the JIT
 * @param warmUp        trickle before each measuring window, not measured: the trickle's jobs reach a
 *                      steady state
 * @param tickWindow    how long ticks are measured at each point
 * @param serviceHeap   the service JVM's {@code -Xmx}
 * @param restoreSample pending requests looked up on the restored instance ({@code /jobs/{id}}), spread
 *                      evenly over all of them; all when it is not smaller than {@code largePending}
 * @param patience      the longest one step may take (the large ingest included) before the run gives up
 */
public record ScalePlan(int smallPending, int largePending, int trickleRate, Duration trickleJob,
                        Duration serviceWarmUp, Duration warmUp, Duration tickWindow, String serviceHeap,
                        int restoreSample, Duration patience) {

    /**
     * The state lives in RocksDB off the heap; the heap holds the Kafka clients' buffers (tens of MiB while
     * a backlog is fetched and produced), the API client and the meters. A full GC leaves about 25 MiB
     * live with a million pending jobs (the bench prints it); 512 MiB leaves room for the buffers and
     * garbage between collections, and a fixed cap keeps RSS comparable between runs.
     */
    public static final String SERVICE_HEAP = "512m";

    public ScalePlan {
        if (smallPending < 1 || largePending <= smallPending) {
            throw new IllegalArgumentException("need 1 <= smallPending < largePending, was " + smallPending + " and "
                    + largePending);
        }
        if (trickleRate < 1 || restoreSample < 1) {
            throw new IllegalArgumentException("trickleRate and restoreSample must be at least 1");
        }
    }

    /**
     * Defaults around the two sizes: 50 live requests/s of 1 s jobs, 30 s of it to warm the service up,
     * then 10 s of warm-up and a 10 s window at each point, 1,000 ids checked after the restore, and two
     * minutes per step plus 2 ms per pending job.
     */
    public static ScalePlan of(int smallPending, int largePending) {
        return new ScalePlan(smallPending, largePending, 50, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(10), SERVICE_HEAP, 1_000,
                Duration.ofMinutes(2).plusMillis(2L * largePending));
    }

    /** The figures: 1,000 against 1,000,000 pending jobs. */
    public static ScalePlan full() {
        return of(1_000, 1_000_000);
    }
}
