package dev.inferstream.config;

import java.util.Locale;

/**
 * How logs are written. The names are the logback appender names in {@code logback.xml}, which picks
 * the appender by substituting the variable, so they are matched exactly (lower case).
 */
public enum LogFormat {
    TEXT, JSON;

    public String appenderName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
