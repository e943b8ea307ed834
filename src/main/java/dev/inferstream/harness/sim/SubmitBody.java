package dev.inferstream.harness.sim;

import java.util.List;

/**
 * A well-formed submit body.
 *
 * @param outputLayer         the layer identifier as text; {@code outputLayerIsNumber} says it was a JSON integer
 * @param fingerprint         canonical JSON of the five fields, equal for bodies a client would consider the same
 */
record SubmitBody(String projectIdentifier, String modelIdentifier, List<Long> sourceIds, String outputLayer,
                  boolean outputLayerIsNumber, String groupName, String fingerprint) {

    SubmitBody {
        sourceIds = List.copyOf(sourceIds);
    }
}
