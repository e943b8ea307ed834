package dev.inferstream.topology;

/** Told what each tick did; metrics and tests listen here. Called on the stream thread. */
@FunctionalInterface
public interface TickObserver {

    void ticked(TickReport report);

    TickObserver NONE = report -> { };
}
