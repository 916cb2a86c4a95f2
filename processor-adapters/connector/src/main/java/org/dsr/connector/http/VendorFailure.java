package org.dsr.connector.http;

/**
 * A vendor's answer that ends a category's work: retryable (5xx, timeouts, rate limits beyond what is waited for)
 * or permanent (a refusal, malformed JSON). The reason names steps, statuses and counts only, never data.
 */
final class VendorFailure extends RuntimeException {

    private final boolean retryable;

    VendorFailure(boolean retryable, String reason) {
        super(reason, null, false, false);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
