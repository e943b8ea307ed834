package dev.inferstream.quota;

/**
 * The share one view gives this instance: a number computed from the view, or, when the view cannot be
 * used, the fallback: the instance's settled partitions' slices of the quota (evaluated when used, since
 * partitions settle and leave), at most what it asked for in that slot.
 *
 * @param computed the share from the view (1 when falling back)
 * @param cap      the most the fallback may give (1 when not falling back)
 * @param source   where the share comes from; for the smaller of two, the first source that falls back
 */
record ShareValue(double computed, double cap, Source source) {

    enum Source {
        /** The view of the slot is final and holds this instance's report. */
        VIEW,
        /** The view is not final yet: the topic is not read up to a later slot's report. */
        NO_VIEW,
        /** The view is final without this instance's report: it was published late or not at all. */
        NOT_IN_VIEW;

        boolean fallsBack() {
            return this != VIEW;
        }
    }

    static ShareValue computed(double share) {
        return new ShareValue(share, 1, Source.VIEW);
    }

    static ShareValue fallback(double cap, Source source) {
        return new ShareValue(1, cap, source);
    }

    ShareValue min(ShareValue other) {
        Source first = source.fallsBack() || !other.source.fallsBack() ? source : other.source;
        return new ShareValue(Math.min(computed, other.computed), Math.min(cap, other.cap), first);
    }

    /** @param settledShare the settled partitions' slices now, as a fraction of the quota */
    double at(double settledShare) {
        return source.fallsBack() ? Math.min(computed, Math.min(cap, settledShare)) : computed;
    }
}
