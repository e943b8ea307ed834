package dev.inferstream.harness.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time of the whole process. The broker, the simulator and the system under test share the JVM,
 * so a phase's delta includes all three; the same overhead is in every system's figure.
 */
final class CpuClock {

    private final com.sun.management.OperatingSystemMXBean os;

    CpuClock() {
        if (!(ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean)) {
            throw new IllegalStateException("this JVM does not report process CPU time");
        }
        this.os = bean;
    }

    long processCpuNanos() {
        return os.getProcessCpuTime();
    }
}
