package org.dsr.adapter.kit;

import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.Retention;

/**
 * What a handler did and what its verification read found.
 *
 * @param rowsAffected rows deleted, changed, marked or (for RETAIN) kept for the subject
 * @param remainingMatches what the read after the action still found that should not be there: rows still matching
 *        the subject (ERASE), rows still holding its personal data (ANONYMISE), rows not in the requested state
 *        (RESTRICT, LIFT_RESTRICTION, RETAIN: retained rows that are not restricted)
 * @param verification how that read was made, in words; never data
 * @param retention for RETAIN: legal basis, retain-until and the adapter's own record ids
 * @param failure set when the handler refused to act (e.g. a dependency it cannot resolve); no personal data
 * @param exchanges what a vendor, a service or an operator answered (status, object ids, body hashes); null for a
 *        processor's own database
 */
public record CategoryResult(
        long rowsAffected,
        long remainingMatches,
        String verification,
        Retention retention,
        Failure failure,
        java.time.Instant expectedCompletion,
        java.util.List<Evidence.Exchange> exchanges) {

    public CategoryResult(
            long rowsAffected,
            long remainingMatches,
            String verification,
            Retention retention,
            Failure failure,
            java.time.Instant expectedCompletion) {
        this(rowsAffected, remainingMatches, verification, retention, failure, expectedCompletion, null);
    }

    /** The same result with what a vendor, a service or an operator answered (evidence of a non-database kind). */
    public CategoryResult withExchanges(java.util.List<Evidence.Exchange> answers) {
        return new CategoryResult(
                rowsAffected,
                remainingMatches,
                verification,
                retention,
                failure,
                expectedCompletion,
                answers == null || answers.isEmpty() ? null : java.util.List.copyOf(answers));
    }

    public CategoryResult(
            long rowsAffected, long remainingMatches, String verification, Retention retention, Failure failure) {
        this(rowsAffected, remainingMatches, verification, retention, failure, null);
    }

    public static CategoryResult of(long rowsAffected, long remainingMatches, String verification) {
        return new CategoryResult(rowsAffected, remainingMatches, verification, null, null);
    }

    public static CategoryResult retained(
            long rowsAffected, long remainingMatches, String verification, Retention retention) {
        return new CategoryResult(rowsAffected, remainingMatches, verification, retention, null);
    }

    public static CategoryResult failed(boolean retryable, String reason, String verification) {
        return new CategoryResult(0, 0, verification, null, new Failure(retryable, reason));
    }

    /**
     * An asynchronous processor accepted the work and will finish by {@code expectedCompletion}: the outcome is
     * PENDING; the final outcome follows through the outbox when the work is done.
     */
    public static CategoryResult pending(long rowsAffected, java.time.Instant expectedCompletion, String verification) {
        return new CategoryResult(rowsAffected, 0, verification, null, null, expectedCompletion);
    }
}
