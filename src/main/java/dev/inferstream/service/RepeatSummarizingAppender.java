package dev.inferstream.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.spi.AppenderAttachable;
import ch.qos.logback.core.spi.AppenderAttachableImpl;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Passes log events on to the appenders it holds, except repeats of a Kafka client warning: a client
 * that cannot reach its broker warns on every reconnect attempt, from every client of the process, which
 * buries everything else. The first warning of a kind is written as it comes; the repeats within the next
 * {@code periodSeconds} are counted and written as one line at the end of that period ("… repeated 68
 * times in the last 30 s"). A kind is the logger plus the message pattern without the client's
 * {@code [Producer clientId=…]} prefix, so the same trouble seen by several clients counts as one.
 *
 * <p>Configured in {@code logback.xml}; errors and every other logger pass unchanged.
 */
public final class RepeatSummarizingAppender extends AppenderBase<ILoggingEvent>
        implements AppenderAttachable<ILoggingEvent> {

    static final String DEFAULT_PREFIX = "org.apache.kafka";
    private static final String FQCN = RepeatSummarizingAppender.class.getName();

    private final AppenderAttachableImpl<ILoggingEvent> appenders = new AppenderAttachableImpl<>();
    /** Kinds seen in the current period, in the order first seen; guarded by this appender's lock. */
    private final Map<String, Repeats> kinds = new LinkedHashMap<>();
    private final LongSupplier clock;
    private String loggerPrefix = DEFAULT_PREFIX;
    private int periodSeconds = 30;
    private ScheduledExecutorService flusher;

    public RepeatSummarizingAppender() {
        this(System::currentTimeMillis);
    }

    RepeatSummarizingAppender(LongSupplier clock) {
        this.clock = clock;
    }

    /** Loggers whose warnings are summarised (default {@value #DEFAULT_PREFIX}). */
    public void setLoggerPrefix(String loggerPrefix) {
        this.loggerPrefix = loggerPrefix;
    }

    public void setPeriodSeconds(int periodSeconds) {
        this.periodSeconds = periodSeconds;
    }

    @Override
    public void start() {
        if (periodSeconds < 1) {
            addError("periodSeconds must be at least 1, was " + periodSeconds);
            return;
        }
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "log-repeat-summary");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleAtFixedRate(this::endPeriod, periodSeconds, periodSeconds, TimeUnit.SECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
        }
        endPeriod();
        super.stop();
        appenders.detachAndStopAllAppenders();
    }

    /** Called with this appender's lock held (AppenderBase.doAppend is synchronized). */
    @Override
    protected void append(ILoggingEvent event) {
        if (!summarised(event)) {
            appenders.appendLoopOnAppenders(event);
            return;
        }
        Repeats repeats = kinds.get(kindOf(event));
        if (repeats == null) {
            kinds.put(kindOf(event), new Repeats(clock.getAsLong()));
            appenders.appendLoopOnAppenders(event);
        } else {
            repeats.count++;
            repeats.last = event;
        }
    }

    /**
     * Writes one line per kind that repeated since the period began and starts a new period. A kind that
     * did not repeat is forgotten, so its next occurrence is written in full again.
     */
    synchronized void endPeriod() {
        long now = clock.getAsLong();
        for (Iterator<Repeats> it = kinds.values().iterator(); it.hasNext(); ) {
            Repeats repeats = it.next();
            if (repeats.count == 0) {
                it.remove();
                continue;
            }
            appenders.appendLoopOnAppenders(summary(repeats, now));
            repeats.count = 0;
            repeats.since = now;
        }
    }

    private ILoggingEvent summary(Repeats repeats, long now) {
        ILoggingEvent last = repeats.last;
        Logger logger = ((LoggerContext) getContext()).getLogger(last.getLoggerName());
        long seconds = Math.max(1, Math.round((now - repeats.since) / 1000.0));
        LoggingEvent event = new LoggingEvent(FQCN, logger, last.getLevel(), "{} (repeated {} times in the last {} s)",
                null, new Object[] {last.getFormattedMessage(), repeats.count, seconds});
        event.setThreadName(last.getThreadName());
        return event;
    }

    private boolean summarised(ILoggingEvent event) {
        return event.getLevel() == Level.WARN && event.getLoggerName().startsWith(loggerPrefix);
    }

    /** Kafka's LogContext puts "[Producer clientId=...] " into the pattern itself; the kind leaves it out. */
    static String kindOf(ILoggingEvent event) {
        String pattern = event.getMessage() == null ? "" : event.getMessage();
        if (pattern.startsWith("[")) {
            int end = pattern.indexOf("] ");
            if (end > 0) {
                pattern = pattern.substring(end + 2);
            }
        }
        return event.getLoggerName() + ' ' + pattern;
    }

    private static final class Repeats {
        long since;
        int count;
        ILoggingEvent last;

        Repeats(long since) {
            this.since = since;
        }
    }

    // ---- AppenderAttachable: lets logback.xml nest <appender-ref> inside this appender ------------

    @Override
    public void addAppender(Appender<ILoggingEvent> appender) {
        appenders.addAppender(appender);
    }

    @Override
    public Iterator<Appender<ILoggingEvent>> iteratorForAppenders() {
        return appenders.iteratorForAppenders();
    }

    @Override
    public Appender<ILoggingEvent> getAppender(String name) {
        return appenders.getAppender(name);
    }

    @Override
    public boolean isAttached(Appender<ILoggingEvent> appender) {
        return appenders.isAttached(appender);
    }

    @Override
    public void detachAndStopAllAppenders() {
        appenders.detachAndStopAllAppenders();
    }

    @Override
    public boolean detachAppender(Appender<ILoggingEvent> appender) {
        return appenders.detachAppender(appender);
    }

    @Override
    public boolean detachAppender(String name) {
        return appenders.detachAppender(name);
    }
}
