package dev.inferstream.quota;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits the quota among the members of one view, the same way on every instance (a Doorman-style fair
 * share, computed by each member instead of by a server). Each input partition carries an equal slice of
 * the quota, split between the members that reported it (two do, briefly, while it moves). A member is
 * first given its own slices up to what it wants; the slices members leave unused are then shared out
 * among those that want more, equally, none beyond its want (max-min fairness). What nobody wants is
 * handed back in proportion to the members' own slices, so the shares of a view always add up to its
 * reported slices: a member whose load rises before its next report can use it at once instead of being
 * refused until the view after next. So a member that wants its partitions' worth always gets it, and the
 * quota a quiet partition does not need goes to a busy one.
 *
 * <p>Only slices reported in the view are handed out: the partitions of a member absent from it stay that
 * member's, which is what lets a member that cannot publish fall back to its own partitions' share.
 */
final class FairShare {

    /** Keeps the sum of shares under one whatever the rounding of the sums above. */
    private static final double ROUNDING_MARGIN = 1e-9;

    private FairShare() {
    }

    /** Each member's share, as a fraction of the quota; the shares sum to at most one. */
    static Map<String, Double> allocate(Collection<ShareReport> reports) {
        int partitionCount = reports.stream().mapToInt(ShareReport::partitionCount).max().orElse(1);
        Map<Integer, Integer> reporters = new HashMap<>();
        reports.forEach(report -> report.partitions().forEach(p -> reporters.merge(p, 1, Integer::sum)));
        Map<String, Double> shares = new HashMap<>();
        Map<String, Double> owns = new HashMap<>();
        List<Want> wants = new ArrayList<>();
        double spare = 0;
        double reported = 0;
        for (ShareReport report : reports) {
            double own = 0;
            for (int partition : report.partitions()) {
                own += 1.0 / partitionCount / reporters.get(partition);
            }
            owns.put(report.member(), own);
            reported += own;
            double kept = Math.min(report.demand(), own);
            shares.put(report.member(), kept);
            spare += own - kept;
            if (report.demand() > own) {
                wants.add(new Want(report.member(), report.demand() - own));
            }
        }
        wants.sort(Comparator.comparingDouble(Want::more).thenComparing(Want::member));
        for (int i = 0; i < wants.size(); i++) {
            Want want = wants.get(i);
            double given = Math.min(want.more(), spare / (wants.size() - i));
            spare -= given;
            shares.merge(want.member(), given, Double::sum);
        }
        if (spare > 0) {
            double unwanted = spare;
            double total = reported;
            owns.forEach((member, own) -> shares.merge(member, unwanted * own / total, Double::sum));
        }
        shares.replaceAll((member, share) -> share * (1 - ROUNDING_MARGIN));
        return shares;
    }

    private record Want(String member, double more) {
    }
}
