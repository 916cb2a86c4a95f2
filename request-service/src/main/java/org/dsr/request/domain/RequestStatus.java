package org.dsr.request.domain;

/** Where a request stands: RECEIVED, IN_PROGRESS once the first outcome arrives, then the completion record's. */
public enum RequestStatus {
    RECEIVED, IN_PROGRESS, COMPLETED, COMPLETED_WITH_RETENTION, NEEDS_ATTENTION;

    /** A status that only a completion record sets. */
    public boolean isFinal() {
        return this == COMPLETED || this == COMPLETED_WITH_RETENTION || this == NEEDS_ATTENTION;
    }
}
