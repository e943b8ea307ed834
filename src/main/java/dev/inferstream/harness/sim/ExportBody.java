package dev.inferstream.harness.sim;

import java.util.List;

/**
 * A well-formed export body.
 *
 * @param projectIdentifier    the project's name, or its id as text
 * @param sourceIds            the sources asked for; empty when the body names none (every source)
 * @param annotationLayerNames the layers asked for; empty when the body names none (every layer)
 */
record ExportBody(String projectIdentifier, String groupName, boolean includeSchemas, boolean includeSources,
                  boolean includeTextBounds, List<Long> sourceIds, List<String> annotationLayerNames) {

    ExportBody {
        sourceIds = List.copyOf(sourceIds);
        annotationLayerNames = List.copyOf(annotationLayerNames);
    }
}
