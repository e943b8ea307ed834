package dev.inferstream.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RatePacerTest {

    private final AtomicLong nanos = new AtomicLong();
    private final List<Long> sleeps = new ArrayList<>();
    private final RatePacer.Sleeper sleeper = wait -> {
        sleeps.add(wait);
        nanos.addAndGet(wait);
    };

    @Test
    void spacesRecordsEvenlyAtTheRate() throws InterruptedException {
        RatePacer pacer = new RatePacer(OptionalDouble.of(4), nanos::get, sleeper);

        for (int i = 0; i < 5; i++) {
            pacer.acquire();
        }

        assertThat(sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
        assertThat(nanos.get()).isEqualTo(1_000_000_000L);
    }

    @Test
    void doesNotBurstToCatchUpAfterAStall() throws InterruptedException {
        RatePacer pacer = new RatePacer(OptionalDouble.of(10), nanos::get, sleeper);
        pacer.acquire();
        nanos.addAndGet(5_000_000_000L);

        pacer.acquire();
        pacer.acquire();

        assertThat(sleeps).containsExactly(100_000_000L);
    }

    @Test
    void withoutARateNeverWaits() throws InterruptedException {
        RatePacer pacer = new RatePacer(OptionalDouble.empty(), nanos::get, sleeper);
        for (int i = 0; i < 1_000; i++) {
            pacer.acquire();
        }
        assertThat(sleeps).isEmpty();
    }
}
