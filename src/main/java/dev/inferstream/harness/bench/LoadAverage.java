package dev.inferstream.harness.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * The machine's one-minute load average: figures taken while other work shares the cores are low, so
 * every report says how busy the machine was.
 */
final class LoadAverage {

    private LoadAverage() {}

    static String text() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", load);
    }
}
