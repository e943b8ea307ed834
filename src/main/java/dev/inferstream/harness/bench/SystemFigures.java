package dev.inferstream.harness.bench;

import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What one system did in its measured phase. Figures a system has no notion of (status checks for the
 * pass-through) are empty rather than zero, so the table can say "n/a".
 *
 * @param requests           requests produced in the measured phase
 * @param ended              of those, requests that reached a terminal event before the phase ended
 * @param submitPerSecond    jobs the simulator accepted per second of the phase
 * @param terminalPerSecond  terminal events per second of the phase
 * @param checksPerJob       status checks the simulator counted per accepted job
 * @param delayP50Millis     median of terminal event time minus the simulator's planned finish time
 * @param delayP99Millis     99th percentile of the same
 * @param delayP99Share      99th percentile of each job's delay divided by its duration
 * @param peakCallsPerSecond most API calls the simulator saw in any one-second window
 * @param backloggedCallsPerSecond API calls per second the simulator saw from the first call to the last
 *                           submission, while requests were still waiting to be submitted: what the system
 *                           makes of its quota when it has work enough to use it
 * @param callLimit          the API rate limit the system ran under, if it has one
 * @param cpuSecondsPer1000  process CPU seconds (all threads, simulator and broker included) per 1,000 ended requests
 */
public record SystemFigures(String system, long requests, long ended, OptionalDouble submitPerSecond,
                            double terminalPerSecond, OptionalDouble checksPerJob, OptionalLong delayP50Millis,
                            OptionalLong delayP99Millis, OptionalDouble delayP99Share, OptionalLong peakCallsPerSecond,
                            OptionalDouble backloggedCallsPerSecond, OptionalDouble callLimit,
                            OptionalDouble cpuSecondsPer1000) {

    /**
     * These throughput figures with the status checks and detection delays of {@code steady}, the same
     * system's phase at a load it sustains.
     */
    public SystemFigures withPollingFrom(SystemFigures steady) {
        return new SystemFigures(system, requests, ended, submitPerSecond, terminalPerSecond, steady.checksPerJob,
                steady.delayP50Millis, steady.delayP99Millis, steady.delayP99Share, peakCallsPerSecond,
                backloggedCallsPerSecond, callLimit, cpuSecondsPer1000);
    }

    public SystemFigures {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(submitPerSecond, "submitPerSecond");
        Objects.requireNonNull(checksPerJob, "checksPerJob");
        Objects.requireNonNull(delayP50Millis, "delayP50Millis");
        Objects.requireNonNull(delayP99Millis, "delayP99Millis");
        Objects.requireNonNull(delayP99Share, "delayP99Share");
        Objects.requireNonNull(peakCallsPerSecond, "peakCallsPerSecond");
        Objects.requireNonNull(backloggedCallsPerSecond, "backloggedCallsPerSecond");
        Objects.requireNonNull(callLimit, "callLimit");
        Objects.requireNonNull(cpuSecondsPer1000, "cpuSecondsPer1000");
    }
}
