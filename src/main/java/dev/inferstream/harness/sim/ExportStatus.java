package dev.inferstream.harness.sim;

/** An export's status, spelled as the API spells it (the first as AnnoLab misspells it). */
public enum ExportStatus {
    INITALIZED("initalized"),
    STARTED("started"),
    FINISHED("finished"),
    ERRORED("errored");

    private final String apiName;

    ExportStatus(String apiName) {
        this.apiName = apiName;
    }

    public String apiName() {
        return apiName;
    }
}
