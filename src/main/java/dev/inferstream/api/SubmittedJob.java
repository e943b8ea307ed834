package dev.inferstream.api;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The job AnnoLab created, as its 201 answer describes it. */
public record SubmittedJob(long jobId, String status, OptionalLong projectId, Optional<String> projectName,
                           OptionalLong outputLayerId, Optional<String> outputLayerName, List<Long> sourceIds) {

    public SubmittedJob {
        sourceIds = List.copyOf(sourceIds);
    }
}
