package dev.inferstream.quota;

import java.time.Duration;

/**
 * How this instance shares the API limits with the others of its application id.
 *
 * @param scope        cluster-wide or per instance
 * @param topic        the compacted topic through which instances publish what they own and want
 * @param timing       the protocol's clock
 * @param setupTimeout how long start may wait for the topic before giving up with a configuration error
 */
public record QuotaSettings(QuotaScope scope, String topic, ShareTiming timing, Duration setupTimeout) {

    public static final Duration DEFAULT_SETUP_TIMEOUT = Duration.ofSeconds(30);

    /** The share topic of an application id: named like Kafka Streams' own internal topics. */
    public static String topicFor(String applicationId) {
        return applicationId + "-quota-shares";
    }

    public static QuotaSettings of(QuotaScope scope, String applicationId) {
        return new QuotaSettings(scope, topicFor(applicationId), ShareTiming.defaults(), DEFAULT_SETUP_TIMEOUT);
    }

    /** Each instance on its own: no topic is used. */
    public static QuotaSettings perInstance() {
        return new QuotaSettings(QuotaScope.INSTANCE, "", ShareTiming.defaults(), DEFAULT_SETUP_TIMEOUT);
    }

    public QuotaSettings withSetupTimeout(Duration value) {
        return new QuotaSettings(scope, topic, timing, value);
    }
}
