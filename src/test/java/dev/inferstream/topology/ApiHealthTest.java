package dev.inferstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.inferstream.api.ApiOutcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class ApiHealthTest {

    static final ApiOutcome REFUSED = new ApiOutcome.Transient("connection failed: Connection refused",
            ApiOutcome.NO_RESPONSE, Duration.ofMillis(3));
    static final ApiOutcome TIMED_OUT = new ApiOutcome.Transient("no complete response within 30000 ms",
            ApiOutcome.NO_RESPONSE, Duration.ofSeconds(30));

    final ApiHealth health = new ApiHealth(Duration.ofSeconds(30));
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final Logger logger = (Logger) LoggerFactory.getLogger(ApiHealth.class);

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    @Test
    void givenConnectionErrorsForLessThanTheThreshold_saysNothing() {
        health.answered(REFUSED, 0);
        health.answered(REFUSED, 29_000);

        assertThat(health.unreachableSince(29_999)).isEmpty();
        assertThat(logs.list).isEmpty();
    }

    @Test
    void givenNoAnswerForTheThreshold_givesAReasonAndWarnsOnce() {
        health.answered(REFUSED, 0);
        health.answered(TIMED_OUT, 10_000);

        assertThat(health.unreachableSince(45_000)).hasValueSatisfying(reason -> assertThat(reason)
                .isEqualTo("AnnoLab has not answered for 44 s (last: no complete response within 30000 ms); "
                        + "requests wait and retry until their deadline"));
        health.answered(REFUSED, 50_000);
        health.unreachableSince(60_000);

        assertThat(messages()).singleElement().satisfies(line -> assertThat(line).contains("has not answered for"));
    }

    @Test
    void givenOneSlowCallThatTimedOut_isNotYetAnOutage() {
        health.answered(TIMED_OUT, 0);

        assertThat(health.unreachableSince(30_000)).isEmpty();
        assertThat(health.unreachableSince(60_000)).isPresent();
    }

    @Test
    void given5xxOnly_countsAsUnreachable() {
        health.answered(new ApiOutcome.Transient("Bad Gateway", 502, Duration.ZERO), 0);

        assertThat(health.unreachableSince(31_000)).hasValueSatisfying(reason ->
                assertThat(reason).contains("HTTP 502: Bad Gateway"));
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 201, 400, 401, 404, 408, 429})
    void givenAnyAnswerFromTheApiItself_isReachableAgain_andSaysSoOnce(int status) {
        health.answered(REFUSED, 0);
        health.unreachableSince(40_000);

        health.answered(new ApiOutcome.UnusableAnswer("answered " + status, status, Duration.ZERO), 41_000);

        assertThat(health.unreachableSince(80_000)).isEmpty();
        assertThat(messages()).hasSize(2).last().satisfies(line -> assertThat(line).contains("answers again"));
    }

    @Test
    void givenAnAnswerBeforeTheThreshold_startsCountingAfresh() {
        health.answered(REFUSED, 0);
        health.answered(new ApiOutcome.NotFound(404, Duration.ZERO), 20_000);
        health.answered(REFUSED, 25_000);

        assertThat(health.unreachableSince(50_000)).isEmpty();
        assertThat(health.unreachableSince(56_000)).isPresent();
        assertThat(messages()).hasSize(1);
    }

    private List<String> messages() {
        return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
