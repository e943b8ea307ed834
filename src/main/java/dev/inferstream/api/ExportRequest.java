package dev.inferstream.api;

import java.util.List;
import java.util.Objects;

/**
 * The body of {@code POST /v1/export/project}: a project's annotations, restricted to some sources and
 * layers, with or without the schemas, the source documents and the annotations' text bounds.
 */
public record ExportRequest(String projectIdentifier, String groupName, boolean includeSchemas,
                            boolean includeSources, boolean includeTextBounds, List<Long> sourceIds,
                            List<String> annotationLayerNames) {

    public ExportRequest {
        Objects.requireNonNull(projectIdentifier, "projectIdentifier");
        Objects.requireNonNull(groupName, "groupName");
        sourceIds = List.copyOf(sourceIds);
        annotationLayerNames = List.copyOf(annotationLayerNames);
    }
}
