package dev.inferstream.harness.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the scale measurement found, and the targets judged against it: ticks within 2× of
 * each other at both points, RSS at most 1.5 GiB with {@code largePending} jobs, every sampled job back
 * after the restore. Renders itself as one Markdown table.
 *
 * @param wallTime the whole measurement, from starting the simulator to the restored instance's exit
 */
public record ScaleFigures(ScalePlan plan, ScalePoint small, ScalePoint large, RestoreFigures restore,
                           Duration wallTime) {

    /** The bound on the service's resident memory with a million pending jobs. */
    static final long RSS_LIMIT_BYTES = 1_536L << 20;
    static final double FLAT = 2.0;
    private static final String NONE = "n/a";
    private static final String WITHIN_2X = "≤ 2×";
    private static final String RSS_TARGET = "≤ 1.5 GiB";

    public ScaleFigures {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(small, "small");
        Objects.requireNonNull(large, "large");
        Objects.requireNonNull(restore, "restore");
        Objects.requireNonNull(wallTime, "wallTime");
    }

    /** The judged figures, in table order; a figure that could not be measured is unmet. */
    public List<Ratio> targets() {
        TickFigures before = small.ticks();
        TickFigures after = large.ticks();
        List<Ratio> targets = new ArrayList<>();
        targets.add(flat("due-index entries read per tick, mean", before.meanEntries(), after.meanEntries()));
        targets.add(flat("due-index entries read per tick, p99", before.p99Entries(), after.p99Entries()));
        targets.add(flat("tick time, mean", before.meanMillis(), after.meanMillis()));
        targets.add(flat("tick time, p99", before.p99Millis(), after.p99Millis()));
        targets.add(rss("RSS", small.memory().rssBytes(), large.memory().rssBytes()));
        targets.add(rss("peak RSS", small.memory().peakRssBytes(), large.memory().peakRssBytes()));
        targets.add(new Ratio("jobs found after restore", Ratio.of(restore.found(), restore.sampled()), "all",
                restore.found() == restore.sampled()));
        return targets;
    }

    /** figure | at small | at large | ratio | target | met, with the restore's figures in the large column. */
    public String markdown() {
        List<Ratio> targets = targets();
        IngestFigures ingestA = small.ingest();
        IngestFigures ingestB = large.ingest();
        TickFigures ticksA = small.ticks();
        TickFigures ticksB = large.ticks();
        MemoryFigures memoryA = small.memory();
        MemoryFigures memoryB = large.memory();
        StringBuilder out = new StringBuilder();
        out.append(MarkdownTable.row("figure", "at " + count(small.pending()) + " pending", "at " + count(large.pending()) + " pending",
                "ratio", "target", "met"));
        out.append(MarkdownTable.row("---", "---:", "---:", "---:", "---", "---"));
        out.append(unjudged("ingest of the batch that reached this point: requests accepted/s",
                rate(ingestA.acceptedPerSecond()), rate(ingestB.acceptedPerSecond()),
                Ratio.of(ingestB.acceptedPerSecond(), ingestA.acceptedPerSecond())));
        out.append(unjudged("… jobs submitted/s", rate(ingestA.submittedPerSecond()), rate(ingestB.submittedPerSecond()),
                Ratio.of(ingestB.submittedPerSecond(), ingestA.submittedPerSecond())));
        out.append(unjudged("ticks measured (all tasks, " + plan.tickWindow().toSeconds() + " s, " + plan.trickleRate()
                + " live requests/s)", count(ticksA.ticks()), count(ticksB.ticks()), OptionalDouble.empty()));
        out.append(judged(targets.get(0), decimal(ticksA.meanEntries(), 2, ""), decimal(ticksB.meanEntries(), 2, "")));
        out.append(judged(targets.get(1), decimal(ticksA.p99Entries(), 0, ""), decimal(ticksB.p99Entries(), 0, "")));
        out.append(judged(targets.get(2), decimal(ticksA.meanMillis(), 3, " ms"), decimal(ticksB.meanMillis(), 3, " ms")));
        out.append(judged(targets.get(3), decimal(ticksA.p99Millis(), 3, " ms"), decimal(ticksB.p99Millis(), 3, " ms")));
        out.append(unjudged("heap used after a full GC (-Xmx" + plan.serviceHeap() + ")", mib(memoryA.heapBytes()),
                mib(memoryB.heapBytes()), Ratio.of(memoryB.heapBytes(), memoryA.heapBytes())));
        out.append(judged(targets.get(4), mib(memoryA.rssBytes()), mib(memoryB.rssBytes())));
        out.append(judged(targets.get(5), mib(memoryA.peakRssBytes()), mib(memoryB.peakRssBytes())));
        out.append(unjudged("jobs stored (RocksDB estimate, overwrites included)", count(Math.round(small.jobsStored())),
                count(Math.round(large.jobsStored())), Ratio.of(large.jobsStored(), small.jobsStored())));
        out.append(restoreRow("restore on a fresh state dir: JVM start → ready", seconds(restore.toReady())));
        out.append(restoreRow("… of which JVM start → live", seconds(restore.toLive())));
        out.append(restoreRow("changelogs replayed (jobs + due)",
                count(restore.changelogOffsets()) + " offsets, " + mib(restore.changelogBytes())));
        out.append(restoreRow("peak RSS of the restored instance", mib(restore.peakRssBytes())));
        Ratio found = targets.get(6);
        out.append(MarkdownTable.row(found.label(), NONE, restore.found() + " of " + restore.sampled() + " sampled", NONE,
                found.target(), met(found)));
        return out.toString();
    }

    private static Ratio flat(String label, OptionalDouble atSmall, OptionalDouble atLarge) {
        OptionalDouble ratio = atSmall.isPresent() && atLarge.isPresent()
                ? Ratio.of(atLarge.getAsDouble(), atSmall.getAsDouble()) : OptionalDouble.empty();
        return new Ratio(label, ratio, WITHIN_2X, ratio.isPresent() && ratio.getAsDouble() <= FLAT);
    }

    /** The ratio is large / small like every other row's; the target is absolute, on the large figure. */
    private static Ratio rss(String label, OptionalLong atSmall, OptionalLong atLarge) {
        OptionalDouble ratio = atSmall.isPresent() && atLarge.isPresent()
                ? Ratio.of(atLarge.getAsLong(), atSmall.getAsLong()) : OptionalDouble.empty();
        return new Ratio(label, ratio, RSS_TARGET, atLarge.isPresent() && atLarge.getAsLong() <= RSS_LIMIT_BYTES);
    }

    private static String judged(Ratio target, String atSmall, String atLarge) {
        return MarkdownTable.row(target.label(), atSmall, atLarge, target.text(), target.target(), met(target));
    }

    private static String unjudged(String label, String atSmall, String atLarge, OptionalDouble ratio) {
        return MarkdownTable.row(label, atSmall, atLarge, new Ratio(label, ratio, NONE, false).text(), NONE, NONE);
    }

    private static String restoreRow(String label, String value) {
        return MarkdownTable.row(label, NONE, value, NONE, NONE, NONE);
    }

    private static String met(Ratio target) {
        return target.met() ? "yes" : "**no**";
    }

    private static String decimal(OptionalDouble value, int places, String unit) {
        return value.isPresent() ? MarkdownTable.decimal(value, places) + unit : NONE;
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    private static String mib(OptionalLong bytes) {
        return bytes.isPresent() ? mib(bytes.getAsLong()) : NONE;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1_000.0);
    }
}
