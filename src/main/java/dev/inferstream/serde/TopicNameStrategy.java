package dev.inferstream.serde;

/** Confluent's default subject naming, so subjects match what Confluent's serdes would use. */
public final class TopicNameStrategy {

    private TopicNameStrategy() {}

    public static String subjectName(String topic, boolean isKey) {
        return topic + (isKey ? "-key" : "-value");
    }
}
