package org.dsr.contracts.event;

/** What a processor did with one data category. */
public enum OutcomeStatus {
    ERASED,
    ANONYMISED,
    RESTRICTED,
    LIFTED,
    RETAINED,
    NOT_FOUND,
    /** The processor works asynchronously; it sends the final outcome later. */
    PENDING,
    FAILED;

    /** A final answer that completes the category: not pending, not failed. */
    public boolean isPositive() {
        return this != PENDING && this != FAILED;
    }
}
