package dev.inferstream.harness.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Optional;

/** Renders {@link SimStats} for {@code GET /_sim/stats}; absent instants and outcomes become JSON null. */
final class StatsJson {

    private StatsJson() {
    }

    static ObjectNode render(SimStats stats) {
        ObjectNode root = Json.MAPPER.createObjectNode()
                .put("submits", stats.submits())
                .put("acceptedSubmits", stats.acceptedSubmits())
                .put("statusChecks", stats.statusChecks())
                .put("unauthorized", stats.unauthorized());
        ObjectNode faults = root.putObject("faults");
        for (FaultKind kind : FaultKind.values()) {
            faults.put(kind.externalName(), stats.faults(kind));
        }
        root.putObject("duplicateSubmissions")
                .put("repeatedBodies", stats.duplicates().repeatedBodies())
                .put("extraSubmissions", stats.duplicates().extraSubmissions());
        ExportStats exports = stats.exports();
        root.putObject("exports")
                .put("requests", exports.requests())
                .put("started", exports.started())
                .put("finished", exports.finished())
                .put("errored", exports.errored())
                .put("statusChecks", exports.statusChecks())
                .put("downloads", exports.downloads())
                .put("refusedDownloads", exports.refusedDownloads());
        ArrayNode jobs = root.putArray("jobs");
        for (JobStats job : stats.jobs()) {
            ObjectNode node = jobs.addObject()
                    .put("jobId", job.jobId())
                    .put("projectId", job.projectId())
                    .put("model", job.model())
                    .put("submittedAt", job.submittedAt().toString())
                    .put("finishedAt", text(job.finishedAt()))
                    .put("status", job.status().apiName())
                    .put("terminalStatus", job.terminalStatus().map(JobStatus::apiName).orElse(null))
                    .put("statusChecks", job.statusChecks());
            node.put("terminalSeenAt", text(job.terminalSeenAt()));
        }
        return root;
    }

    private static String text(Optional<Instant> instant) {
        return instant.map(Instant::toString).orElse(null);
    }
}
