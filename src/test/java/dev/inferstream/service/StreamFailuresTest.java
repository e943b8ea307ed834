package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamFailuresTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final StreamFailures failures = new StreamFailures(3, now::get);

    @Test
    void givenAFailureThatKeepsComingBack_replacesTheThreadThreeTimes_thenShutsTheClientDownSayingWhy() {
        for (int i = 0; i < 3; i++) {
            assertThat(failures.handle(new IllegalStateException("disk full"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(1_000);
        }
        assertThat(failures.verdict()).isEmpty();

        assertThat(failures.handle(new IllegalStateException("disk full"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(failures.verdict()).get().asString().contains("4 times").contains("disk full");
    }

    @Test
    void givenFailuresFurtherApartThanTheWindow_keepsReplacing() {
        for (int i = 0; i < 10; i++) {
            assertThat(failures.handle(new IllegalStateException("blip"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
            now.addAndGet(StreamFailures.WINDOW.toMillis() / 2);
        }
    }
}
