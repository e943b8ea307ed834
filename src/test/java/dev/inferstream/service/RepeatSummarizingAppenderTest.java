package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RepeatSummarizingAppenderTest {

    private static final String NETWORK_CLIENT = "org.apache.kafka.clients.NetworkClient";
    private static final String UNREACHABLE = "Connection to node {} ({}) could not be established. Node may not be available.";

    private final LoggerContext context = new LoggerContext();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ListAppender<ILoggingEvent> written = new ListAppender<>();
    private final RepeatSummarizingAppender appender = new RepeatSummarizingAppender(clock::get);

    @BeforeEach
    void start() {
        written.setContext(context);
        written.start();
        appender.setContext(context);
        appender.addAppender(written);
        appender.setPeriodSeconds(3_600);
        appender.start();
    }

    @AfterEach
    void stop() {
        appender.stop();
    }

    @Test
    void givenAWarningStormFromSeveralClients_writesTheFirstWarning_thenOneLineCountingTheRest() {
        for (int i = 0; i < 70; i++) {
            String client = i % 2 == 0 ? "[Producer clientId=producer-1] " : "[AdminClient clientId=adminclient-1] ";
            appender.doAppend(event(NETWORK_CLIENT, Level.WARN, client + UNREACHABLE, -1, "localhost/127.0.0.1:9092"));
        }
        assertThat(written.list).singleElement().satisfies(first -> assertThat(first.getFormattedMessage())
                .isEqualTo("[Producer clientId=producer-1] Connection to node -1 (localhost/127.0.0.1:9092) could not "
                        + "be established. Node may not be available."));

        clock.addAndGet(30_000);
        appender.endPeriod();

        assertThat(written.list).hasSize(2);
        ILoggingEvent summary = written.list.get(1);
        assertThat(summary.getLevel()).isEqualTo(Level.WARN);
        assertThat(summary.getLoggerName()).isEqualTo(NETWORK_CLIENT);
        assertThat(summary.getFormattedMessage()).endsWith("Node may not be available. (repeated 69 times in the last 30 s)");
    }

    @Test
    void givenAKindThatStoppedRepeating_itsNextOccurrenceIsWrittenInFullAgain() {
        appender.doAppend(event(NETWORK_CLIENT, Level.WARN, UNREACHABLE, 1, "kafka:9092"));
        appender.endPeriod();
        appender.endPeriod();

        appender.doAppend(event(NETWORK_CLIENT, Level.WARN, UNREACHABLE, 1, "kafka:9092"));

        assertThat(written.list).hasSize(2)
                .allSatisfy(event -> assertThat(event.getFormattedMessage()).doesNotContain("repeated"));
    }

    @Test
    void errorsOtherLoggersAndDistinctWarnings_passUnchanged() {
        appender.doAppend(event(NETWORK_CLIENT, Level.ERROR, UNREACHABLE, 1, "a"));
        appender.doAppend(event(NETWORK_CLIENT, Level.ERROR, UNREACHABLE, 1, "a"));
        appender.doAppend(event("dev.inferstream.service.RunningProcessor", Level.WARN, "same {}", 1, ""));
        appender.doAppend(event("dev.inferstream.service.RunningProcessor", Level.WARN, "same {}", 1, ""));
        appender.doAppend(event(NETWORK_CLIENT, Level.WARN, "Bootstrap broker {} disconnected", 1, ""));
        appender.doAppend(event(NETWORK_CLIENT, Level.WARN, UNREACHABLE, 1, "a"));

        assertThat(written.list).hasSize(6);
    }

    @Test
    void givenPendingRepeatsAtStop_theyAreCountedBeforeTheLogCloses() {
        appender.doAppend(event(NETWORK_CLIENT, Level.WARN, UNREACHABLE, 1, "a"));
        appender.doAppend(event(NETWORK_CLIENT, Level.WARN, UNREACHABLE, 1, "a"));

        appender.stop();

        assertThat(written.list).hasSize(2);
        assertThat(written.list.get(1).getFormattedMessage()).contains("(repeated 1 times in the last");
    }

    private LoggingEvent event(String loggerName, Level level, String pattern, Object... arguments) {
        Logger logger = context.getLogger(loggerName);
        return new LoggingEvent(Logger.class.getName(), logger, level, pattern, null, arguments);
    }
}
