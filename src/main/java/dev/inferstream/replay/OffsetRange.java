package dev.inferstream.replay;

import org.apache.kafka.common.TopicPartition;

/** The offsets {@code [start, end)} of one partition that fall in the replay's time range. */
record OffsetRange(TopicPartition partition, long start, long end) {

    long size() {
        return Math.max(0, end - start);
    }
}
