package org.dsr.request.domain;

/**
 * Where a request stands: PENDING_VERIFICATION until an operator confirms the subject's identity (operator-entered
 * requests only), RECEIVED, IN_PROGRESS once the first outcome arrives, then the completion record's; CANCELLED when
 * an operator rejects an unverified request.
 */
public enum RequestStatus {
    PENDING_VERIFICATION,
    RECEIVED,
    IN_PROGRESS,
    COMPLETED,
    COMPLETED_WITH_RETENTION,
    NEEDS_ATTENTION,
    CANCELLED;

    /** A status that only a completion record sets. */
    public boolean isFinal() {
        return this == COMPLETED || this == COMPLETED_WITH_RETENTION || this == NEEDS_ATTENTION;
    }

    /** Closed for good: no further work, its identifiers may be shredded after the grace period. */
    public boolean isClosed() {
        return this == COMPLETED || this == COMPLETED_WITH_RETENTION || this == CANCELLED;
    }
}
