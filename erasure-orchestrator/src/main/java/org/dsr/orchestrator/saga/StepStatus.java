package org.dsr.orchestrator.saga;

public enum StepStatus {
    DISPATCHED,
    /** The processor answered PENDING: it works asynchronously and will send the final outcome. */
    AWAITING_PROCESSOR,
    /** A retryable failure: dispatched again at {@code next_attempt_at}. */
    RETRY_SCHEDULED,
    DONE,
    /** A permanent failure, or no answer after every attempt: a person must act. */
    FAILED;

    public boolean isOpen() {
        return this != DONE && this != FAILED;
    }
}
