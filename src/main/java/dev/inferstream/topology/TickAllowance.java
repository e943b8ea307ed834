package dev.inferstream.topology;

/** What one tick may still do: calls to fire and due entries to read. */
final class TickAllowance {

    private final int maxCalls;
    private final int maxScan;
    private int calls;
    private int scanned;

    TickAllowance(TopologySettings.TickBudget budget) {
        this.maxCalls = budget.maxCalls();
        this.maxScan = budget.maxScan();
    }

    boolean mayScan() {
        return scanned < maxScan;
    }

    int scanLeft() {
        return maxScan - scanned;
    }

    void scanned() {
        scanned++;
    }

    boolean mayCall() {
        return calls < maxCalls;
    }

    void called() {
        calls++;
    }

    int calls() {
        return calls;
    }
}
