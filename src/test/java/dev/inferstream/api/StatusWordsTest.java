package dev.inferstream.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class StatusWordsTest {

    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger(UnknownStatuses.class);

    @BeforeEach
    void capture() {
        appender.start();
        logger.addAppender(appender);
    }

    @AfterEach
    void release() {
        logger.detachAppender(appender);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Errored", "errored", "Failed", "FAILED", "Error", "Errored ", "Cancelled", "Canceled",
            "PartialError", "partial_error", "Partial-Error", "PARTIALERROR"})
    void givenATerminalLookingStatusInAnyCase_theJobHasErrored(String status) {
        ApiOutcome.JobStatus job = status(status);

        assertThat(job.isErrored()).isTrue();
        assertThat(job.isTerminal()).isTrue();
        assertThat(job.isFinished()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Queued", "RUNNING", "Uploading", "Paused", "3", "ErroredSoon"})
    void givenAnyOtherStatus_theJobIsStillRunning(String status) {
        assertThat(status(status).isTerminal()).isFalse();
    }

    @Test
    void givenFinishedInAnyCase_theJobFinished() {
        assertThat(status("FINISHED").isFinished()).isTrue();
        assertThat(status(" finished ").isFinished()).isTrue();
    }

    @Test
    void givenTheSameUnknownStatusManyTimes_logsItOnce_andKnownStatusesNever() {
        UnknownStatuses unknown = UnknownStatuses.ofJobs();

        for (int i = 0; i < 100; i++) {
            unknown.saw("Uploading", "job " + i);
            unknown.saw("UPLOADING", "job " + i);
            unknown.saw("Running", "job " + i);
            unknown.saw("Failed", "job " + i);
        }
        unknown.saw("Paused", "job 7");

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2)
                .anySatisfy(line -> assertThat(line).contains("\"Uploading\"").contains("counts as running"))
                .anySatisfy(line -> assertThat(line).contains("\"Paused\"").contains("job 7"));
    }

    @Test
    void givenEndlesslyNewWords_remembersAndLogsABoundedNumber() {
        UnknownStatuses unknown = UnknownStatuses.ofJobs();

        for (int i = 0; i < 10_000; i++) {
            unknown.saw("word-" + i + "x".repeat(500), "job " + i);
        }

        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(UnknownStatuses.MAX_WORDS + 1);
        assertThat(lines.get(UnknownStatuses.MAX_WORDS)).contains("further ones count as running unlogged");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThan(400));
    }

    @ParameterizedTest
    @ValueSource(strings = {"initialized", "initalized", "started", "STARTED", "Initialized", "exporting"})
    void givenAnExportsRunningWordInAnyCase_orAnUnknownOne_theExportIsStillRunning(String status) {
        ApiOutcome.ExportProgress export = exportStatus(status);

        assertThat(export.isFinished()).isFalse();
        assertThat(export.isErrored()).isFalse();
    }

    @Test
    void givenAnExportsLowerCaseTerminalWords_theExportFinishedOrErrored() {
        assertThat(exportStatus("finished").isFinished()).isTrue();
        assertThat(exportStatus("errored").isErrored()).isTrue();
        assertThat(exportStatus("failed").isErrored()).isTrue();
    }

    @Test
    void givenTheExportWordsAnnoLabUses_noneIsLoggedAsUnknown_butANewOneIs() {
        UnknownStatuses unknown = UnknownStatuses.ofExports();

        for (String word : List.of("initialized", "initalized", "started", "finished", "errored")) {
            unknown.saw(word, "export 3");
        }
        unknown.saw("queued-for-upload", "export 4");

        assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).singleElement()
                .satisfies(line -> assertThat(line).contains("unknown export status \"queued-for-upload\"")
                        .contains("export 4"));
    }

    private static ApiOutcome.ExportProgress exportStatus(String status) {
        return new ApiOutcome.ExportProgress(status, java.util.Optional.empty(), java.util.Optional.empty(),
                java.util.Optional.empty(), 200, Duration.ZERO);
    }

    private static ApiOutcome.JobStatus status(String status) {
        return new ApiOutcome.JobStatus(1, status, OptionalLong.empty(), List.of(), 200, Duration.ZERO);
    }
}
