package dev.inferstream.quota;

import java.util.Set;

/** Share reports for tests: six input partitions, a quota of 300 calls/s and 256 calls in flight. */
final class Reports {

    static final int PARTITIONS = 6;

    private Reports() {
    }

    static ShareReport report(String member, long slot, double demand, Integer... partitions) {
        return new ShareReport(member, slot, PARTITIONS, Set.of(partitions), demand, 300, 256);
    }
}
