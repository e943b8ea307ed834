package dev.inferstream.harness.sim;

/** A job's status, spelled as the API spells it. */
public enum JobStatus {
    QUEUED("Queued"),
    RUNNING("Running"),
    FINISHED("Finished"),
    ERRORED("Errored");

    private final String apiName;

    JobStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }

    public boolean isTerminal() {
        return this == FINISHED || this == ERRORED;
    }
}
