package dev.inferstream.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.harness.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The share topic out of reach while instances run: they fall back, say so once, keep calling, and recover. */
class ClusterQuotaOutageIT {

    private static final Duration SETTLED = Duration.ofSeconds(60);

    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger quotaLog = (Logger) LoggerFactory.getLogger(ClusterQuota.class);
    private EmbeddedKafkaBroker broker;
    private QuotaInstance first;
    private QuotaInstance second;

    @BeforeEach
    void start() {
        broker = new EmbeddedKafkaBroker().start();
        broker.createTopics(Map.of("outage-requested", 6));
        logged.start();
        quotaLog.addAppender(logged);
        // The recovery is logged at INFO, which the tests' logback configuration leaves out.
        quotaLog.setLevel(Level.INFO);
        QuotaSettings settings = QuotaSettings.of(QuotaScope.CLUSTER, "outage");
        first = QuotaInstance.start(settings, broker.bootstrapServers(), "outage-requested", 0, 1, 2, 3);
        second = QuotaInstance.start(settings, broker.bootstrapServers(), "outage-requested", 4, 5);
    }

    @AfterEach
    void stop() {
        quotaLog.detachAppender(logged);
        quotaLog.setLevel(null);
        first.close();
        second.close();
        broker.close();
    }

    private long warnings(String containing) {
        return logged.list.stream().filter(event -> event.getLevel() == Level.WARN)
                .filter(event -> event.getFormattedMessage().contains(containing)).count();
    }

    @Test
    void givenTheBrokerGoesAway_eachFallsBackToItsOwnPartitionsShare_logsItOnce_keepsCalling_andRecovers()
            throws InterruptedException {
        // The first is quiet, so while the topic works the busy second borrows its partitions' share.
        second.busy(true);
        SumWatch watch = SumWatch.start(List.of(first, second));
        await("the busy instance borrows").atMost(SETTLED).untilAsserted(() -> assertThat(second.shareNow())
                .isGreaterThan(0.95));

        broker.stop();
        await("both fall back").atMost(SETTLED).until(() -> first.gauge("inferstream.quota.fallback") == 1
                && second.gauge("inferstream.quota.fallback") == 1);
        int callsBefore = second.calls().size();
        await("the fallback holds, and the busy instance keeps calling on its own partitions' share")
                .during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(30))
                .until(() -> second.fallbackAndShareIs(2.0 / 6));
        assertThat(second.calls().size()).isGreaterThan(callsBefore);
        assertThat(warnings("falling back to this instance's own partitions' share"))
                .as("one warning per instance, not one per loop").isEqualTo(2);

        broker.start();
        // The gauge reads the schedule, which may leave the fallback a slot before the next reschedule logs it.
        await("shares computed together again").atMost(SETTLED).untilAsserted(() -> {
            assertThat(second.gauge("inferstream.quota.fallback")).isZero();
            assertThat(second.shareNow()).isGreaterThan(0.95);
            synchronized (logged) { // the appender adds under its own lock
                assertThat(logged.list).anyMatch(event -> event.getFormattedMessage()
                        .contains("shares computed with the other instances again"));
            }
        });

        watch.stop();
        assertThat(watch.highest()).as("highest sum of shares, outage included").isLessThanOrEqualTo(1.0);
        assertThat(watch.busiestSecond()).as("calls in any one second, quota 300")
                .isLessThanOrEqualTo(SumWatch.ceilingOf(300));
        assertThat(first.shareNow() + second.shareNow()).isCloseTo(1.0, offset(0.05));
    }
}
