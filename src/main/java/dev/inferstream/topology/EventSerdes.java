package dev.inferstream.topology;

import dev.inferstream.events.InferenceCompleted;
import dev.inferstream.events.InferenceFailed;
import dev.inferstream.events.InferenceRequested;
import org.apache.kafka.common.serialization.Serde;

/** Value serdes of the three contract topics. */
public record EventSerdes(Serde<InferenceRequested> requested, Serde<InferenceCompleted> completed,
                          Serde<InferenceFailed> failed) {}
