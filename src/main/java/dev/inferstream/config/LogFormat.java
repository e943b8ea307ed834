package dev.inferstream.config;

/**
 * How logs are written. The names are the logback appender names in {@code logback.xml}, which picks
 * the appender by substituting the variable, so they are matched exactly (lower case).
 */
public enum LogFormat {
    TEXT, JSON;

    public String appenderName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
