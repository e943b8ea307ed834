package dev.inferstream.quota;

/** This instance's share of the API limits, as the ops endpoints report it. */
public sealed interface QuotaShare extends AutoCloseable permits ClusterQuota, WholeQuota {

    /** The fraction of the configured limits this instance may use at {@code now}. */
    double shareAt(long now);

    /** True while the share is the fallback (this instance's own partitions), not one computed with the others. */
    boolean fallingBackAt(long now);

    @Override
    void close();
}
