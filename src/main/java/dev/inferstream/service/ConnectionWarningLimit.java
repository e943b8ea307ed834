package dev.inferstream.service;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Marker;

/**
 * Lets Kafka's client log at most one connection warning a minute. While a broker is down the clients
 * warn on every reconnect attempt (about once a second per client), which buried everything else for
 * minutes; Inferstream says itself what is wrong (start-up gives up after its timeout with one line).
 * Installed by logback.xml for {@code org.apache.kafka.clients.NetworkClient}; other loggers pass.
 */
public final class ConnectionWarningLimit extends TurboFilter {

    static final String LOGGER = "org.apache.kafka.clients.NetworkClient";
    static final long INTERVAL_MILLIS = 60_000;
    private final AtomicLong lastAllowed = new AtomicLong(Long.MIN_VALUE);

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (level != Level.WARN || !LOGGER.equals(logger.getName())) {
            return FilterReply.NEUTRAL;
        }
        long now = System.currentTimeMillis();
        long last = lastAllowed.get();
        if (last != Long.MIN_VALUE && now - last < INTERVAL_MILLIS) {
            return FilterReply.DENY;
        }
        return lastAllowed.compareAndSet(last, now) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }
}
