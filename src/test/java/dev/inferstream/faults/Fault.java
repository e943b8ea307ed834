package dev.inferstream.faults;

/**
 * What the hostile API does to one request (named by its projectIdentifier), and the terminal event
 * the request must end with: {@code COMPLETED} or a FailureReason.
 */
enum Fault {
    OK("COMPLETED"),
    /** AnnoLab's documented sloppiness: trailing commas, string ids, upper-case status. */
    SLOPPY("COMPLETED"),
    /** A status word nobody knows, twice, then Finished. */
    UNKNOWN_STATUS("COMPLETED"),
    /** A status GET answered 200 with HTML once, then Finished. */
    UNUSABLE_STATUS_ONCE("COMPLETED"),
    /** The status echoes the Authorization header once, then Finished. */
    ECHO_STATUS("COMPLETED"),
    /** The POST's answer sends its headers, then one byte every 100 ms for ever. */
    TRICKLE_POST("TIMED_OUT"),
    /** The job is created; every status GET trickles. */
    TRICKLE_STATUS("TIMED_OUT"),
    /** 307 to another host, the key in the Location. */
    REDIRECT("REJECTED"),
    HTML_201("UNKNOWN"),
    EMPTY_OBJECT_201("UNKNOWN"),
    HUGE_ID_201("UNKNOWN"),
    NEGATIVE_ID_201("UNKNOWN"),
    NUMERIC_STATUS_201("UNKNOWN"),
    /** 400 with a 1 MB message that echoes the header after 200+ characters. */
    MEGA_400("REJECTED"),
    /** 500 with a 1 MB message that echoes the key upper-cased and in pieces. */
    MEGA_500("RETRIES_EXHAUSTED"),
    /** 403 whose message echoes pieces of the key. */
    ECHO_403("UNAUTHORIZED"),
    CANCELLED("JOB_ERRORED"),
    PARTIAL_ERROR("JOB_ERRORED");

    private final String expected;

    Fault(String expected) {
        this.expected = expected;
    }

    String expected() {
        return expected;
    }

    boolean trickles() {
        return this == TRICKLE_POST || this == TRICKLE_STATUS;
    }
}
