package dev.inferstream.harness.bench;

/**
 * One measuring point: the ingest that brought the service to {@code pending} jobs, then its ticks under
 * the live trickle and its memory.
 *
 * @param jobsStored the service's {@code inferstream_jobs_stored} (a RocksDB estimate) after the window
 */
public record ScalePoint(int pending, IngestFigures ingest, TickFigures ticks, MemoryFigures memory,
                         double jobsStored) {}
