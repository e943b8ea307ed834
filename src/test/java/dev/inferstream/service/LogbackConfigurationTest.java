package dev.inferstream.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.inferstream.config.EnvNames;
import org.junit.jupiter.api.Test;

/** The production logback.xml, loaded into a context of its own: what the service and the tools log through. */
class LogbackConfigurationTest {

    @Test
    void givenTheProductionConfiguration_everythingGoesThroughTheSummarizerToTheConsole() throws JoranException {
        LoggerContext context = configured("text", "System.out");

        var summarizer = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(LogSetup.PRODUCTION_APPENDER);
        assertThat(summarizer).isInstanceOf(RepeatSummarizingAppender.class);
        var console = ((RepeatSummarizingAppender) summarizer).getAppender("CONSOLE");
        assertThat(console).isInstanceOf(ConsoleAppender.class);
        assertThat(((ConsoleAppender<ILoggingEvent>) console).getEncoder()).isInstanceOf(LayoutWrappingEncoder.class);
        assertThat(((ConsoleAppender<ILoggingEvent>) console).getTarget()).isEqualTo("System.out");
        context.stop();
    }

    @Test
    void givenJsonAndTheToolsTarget_writesJsonLinesToStderr() throws JoranException {
        LoggerContext context = configured("json", "System.err");

        var summarizer = (RepeatSummarizingAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender(LogSetup.PRODUCTION_APPENDER);
        var console = (ConsoleAppender<ILoggingEvent>) summarizer.getAppender("CONSOLE");
        assertThat(console.getEncoder()).isInstanceOf(JsonEncoder.class);
        assertThat(console.getTarget()).isEqualTo("System.err");
        context.stop();
    }

    private static LoggerContext configured(String format, String target) throws JoranException {
        LoggerContext context = new LoggerContext();
        context.putProperty(EnvNames.LOG_FORMAT, format);
        context.putProperty("inferstream.log.target", target);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LogbackConfigurationTest.class.getResource(LogSetup.CONFIGURATION));
        return context;
    }
}
