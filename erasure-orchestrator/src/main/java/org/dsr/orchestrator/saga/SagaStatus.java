package org.dsr.orchestrator.saga;

public enum SagaStatus {
    RECEIVED,
    IN_PROGRESS,
    /** Every other step is done; an asynchronous processor has answered PENDING. */
    AWAITING_PROCESSOR,
    COMPLETED,
    /** Completed, and some categories are kept for a legal obligation (listed in the completion record). */
    COMPLETED_WITH_RETENTION,
    NEEDS_ATTENTION,
    CANCELLED;

    public boolean isCompleted() {
        return this == COMPLETED || this == COMPLETED_WITH_RETENTION;
    }
}
