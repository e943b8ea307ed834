package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class InterruptHookTest {

    @Test
    void givenCtrlC_asksTheWorkToStop_andHoldsTheJvmUntilTheWorkHasEnded() throws InterruptedException {
        AtomicBoolean stopAsked = new AtomicBoolean();
        InterruptHook hook = InterruptHook.install("test-interrupt", () -> stopAsked.set(true), Duration.ofMinutes(1));
        Thread ctrlC = new Thread(hook.thread()::run);

        ctrlC.start();
        await().atMost(Duration.ofSeconds(10)).untilTrue(stopAsked);
        assertThat(ctrlC.isAlive()).as("still waiting for the work").isTrue();
        hook.close();
        ctrlC.join(Duration.ofSeconds(10).toMillis());

        assertThat(ctrlC.isAlive()).isFalse();
        assertThat(Runtime.getRuntime().removeShutdownHook(hook.thread())).as("removed by close").isFalse();
    }

    @Test
    void givenTheWorkNeverEnds_theHookGivesUpAfterItsPatience() throws InterruptedException {
        InterruptHook hook = InterruptHook.install("test-interrupt", () -> { }, Duration.ofMillis(100));
        Thread ctrlC = new Thread(hook.thread()::run);

        ctrlC.start();
        ctrlC.join(Duration.ofSeconds(10).toMillis());

        assertThat(ctrlC.isAlive()).isFalse();
        hook.close();
    }
}
