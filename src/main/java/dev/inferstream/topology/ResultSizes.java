package dev.inferstream.topology;

import dev.inferstream.api.ApiOutcome;
import dev.inferstream.api.ApiText;
import dev.inferstream.events.ExportContents;
import dev.inferstream.events.ExportError;
import dev.inferstream.events.ExportFailureReason;
import dev.inferstream.events.ExportedResults;
import dev.inferstream.events.FailureReason;
import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import dev.inferstream.serde.WireFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * How many bytes a result event takes as a Kafka record, against the most the producer may write
 * ({@code max.request.size}). An event over it would fail the transaction with
 * {@code RecordTooLargeException} and the stream thread with it, on every retry: so a request is
 * accepted only if the largest event it can end with fits, and an event built later from the API's
 * answer is trimmed to that shape when it does not.
 */
final class ResultSizes {

    /** Room for Kafka's batch and record headers around key and value (a batch header alone is 61 bytes). */
    static final int RECORD_OVERHEAD = 256;
    /** The longest job status a trimmed completed event carries. */
    static final int MAX_STATUS_CHARS = 64;
    /** The longest message a failed event carries (the API's text is bounded to this before it gets here). */
    static final int MAX_MESSAGE_CHARS = 1024;

    private final int maxRecordBytes;
    private final Map<Schema, DatumWriter<SpecificRecord>> writers = new ConcurrentHashMap<>();

    ResultSizes(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
    }

    int limit() {
        return maxRecordBytes;
    }

    boolean fits(String key, SpecificRecord event) {
        return sizeOf(key, event) <= maxRecordBytes;
    }

    long sizeOf(String key, SpecificRecord event) {
        return key.getBytes(StandardCharsets.UTF_8).length + WireFormat.HEADER_LENGTH + avroBytes(event)
                + RECORD_OVERHEAD;
    }

    /**
     * The size of the largest event this request can end with: completed with its own source ids and a
     * status of {@link #MAX_STATUS_CHARS} (and, when it is exported, the longest results and export error
     * an answer can give), or failed with a message of {@link #MAX_MESSAGE_CHARS}.
     */
    long largestResultOf(InferenceRequested request, boolean exported) {
        InferenceCompleted.Builder completed = InferenceCompleted.newBuilder()
                .setRequestId(request.getRequestId())
                .setInferenceJobId(Long.MAX_VALUE)
                .setStatus("x".repeat(MAX_STATUS_CHARS))
                .setSourceIds(request.getSourceIds())
                .setSubmittedAt(Instant.EPOCH)
                .setCompletedAt(Instant.EPOCH)
                .setSubmitAttempts(Integer.MAX_VALUE)
                .setStatusChecks(Integer.MAX_VALUE)
                .setProjectId(Long.MAX_VALUE)
                .setOutputLayerId(Long.MAX_VALUE)
                .setRequest(request);
        if (exported) {
            // Both, though an event carries one of them: a few KiB of margin, and one estimate fewer.
            completed.setResults(largestResults(request)).setExportError(largestExportError());
        }
        InferenceFailed failed = InferenceFailed.newBuilder()
                .setRequestId(request.getRequestId())
                .setReason(FailureReason.RETRIES_EXHAUSTED)
                .setMessage("x".repeat(MAX_MESSAGE_CHARS))
                .setHttpStatus(Integer.MAX_VALUE)
                .setInferenceJobId(Long.MAX_VALUE)
                .setRetryable(true)
                .setFailedAt(Instant.EPOCH)
                .setSubmitAttempts(Integer.MAX_VALUE)
                .setStatusChecks(Integer.MAX_VALUE)
                .setRequest(request)
                .build();
        return Math.max(sizeOf(request.getRequestId(), completed.build()), sizeOf(request.getRequestId(), failed));
    }

    private static ExportedResults largestResults(InferenceRequested request) {
        return ExportedResults.newBuilder()
                .setDownloadUrl("x".repeat(ApiOutcome.ExportProgress.MAX_DOWNLOAD_URL_CHARS))
                .setExpiresAt(Instant.EPOCH)
                .setExportedAt(Instant.EPOCH)
                .setExportJobId(Long.MAX_VALUE)
                .setExportStatusUrl("x".repeat(ApiOutcome.ExportStarted.MAX_STATUS_URL_CHARS))
                .setContents(new ExportContents(true, true, true))
                .setAnnotationLayerNames(List.of("x".repeat(ApiText.MAX_BYTES)))
                .setSourceIds(request.getSourceIds())
                .build();
    }

    private static ExportError largestExportError() {
        return ExportError.newBuilder()
                .setReason(ExportFailureReason.UNKNOWN)
                .setMessage("x".repeat(ApiText.MAX_BYTES))
                .setHttpStatus(Integer.MAX_VALUE)
                .setExportJobId(Long.MAX_VALUE)
                .setFailedAt(Instant.EPOCH)
                .build();
    }

    private long avroBytes(SpecificRecord event) {
        CountingStream counter = new CountingStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(counter, null);
        try {
            writers.computeIfAbsent(event.getSchema(), SpecificDatumWriter::new).write(event, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /** Counts what Avro writes without keeping it. */
    private static final class CountingStream extends OutputStream {
        private long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            count += length;
        }
    }
}
