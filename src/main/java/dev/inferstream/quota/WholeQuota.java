package dev.inferstream.quota;

/** {@link QuotaScope#INSTANCE}: every instance may use the whole configured limits. */
final class WholeQuota implements QuotaShare {

    @Override
    public double shareAt(long now) {
        return 1;
    }

    @Override
    public boolean fallingBackAt(long now) {
        return false;
    }

    @Override
    public void close() {
    }
}
