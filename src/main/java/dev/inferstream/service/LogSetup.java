package dev.inferstream.service;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import dev.inferstream.config.EnvNames;
import dev.inferstream.config.LogFormat;
import java.net.URL;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Puts the configured log format in force. Logback reads {@code INFERSTREAM_LOG_FORMAT} when it starts,
 * from the environment; a {@code --config} file is read later, so when it names another format the
 * logging is configured again from {@code logback.xml} with the variable set as a system property
 * (which logback consults first).
 */
public final class LogSetup {

    static final String CONFIGURATION = "/logback.xml";
    /** The appender logback.xml roots everything in; a test configuration has none and is left alone. */
    static final String PRODUCTION_APPENDER = "SUMMARIZED";

    private LogSetup() {
    }

    /** @return true when the logging was configured again */
    public static boolean use(LogFormat format) {
        String wanted = format.appenderName();
        if (wanted.equals(inForce()) || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return false;
        }
        if (context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(PRODUCTION_APPENDER) == null) {
            return false;
        }
        System.setProperty(EnvNames.LOG_FORMAT, wanted);
        URL configuration = Objects.requireNonNull(LogSetup.class.getResource(CONFIGURATION), CONFIGURATION);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        try {
            configurator.doConfigure(configuration);
        } catch (JoranException e) {
            throw new IllegalStateException("could not configure logging from " + configuration, e);
        }
        return true;
    }

    /** The format logback.xml was read with: the system property wins over the environment, as in logback. */
    private static String inForce() {
        String property = System.getProperty(EnvNames.LOG_FORMAT);
        if (property != null && !property.isBlank()) {
            return property.strip();
        }
        String variable = System.getenv(EnvNames.LOG_FORMAT);
        return variable == null || variable.isBlank() ? LogFormat.TEXT.appenderName() : variable.strip();
    }
}
