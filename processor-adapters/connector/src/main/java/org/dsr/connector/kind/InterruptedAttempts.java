package org.dsr.connector.kind;

import org.dsr.adapter.kit.CategoryResult;

/**
 * The rule for a command whose earlier attempt was interrupted after the processor may have acted (the connector died
 * between the processor's commit and its own): if that attempt recorded that it found the subject's rows or objects
 * ({@code foundBefore > 0}) and this attempt finds nothing left and nothing to act on, the earlier attempt did the
 * work: the outcome is the action's own (ERASED, ANONYMISED...), with the earlier count as affected and the evidence
 * saying so, instead of NOT_FOUND. Any other result stands as it is.
 */
public final class InterruptedAttempts {

    private InterruptedAttempts() {}

    public static CategoryResult credit(long foundBefore, CategoryResult now) {
        if (foundBefore <= 0
                || now.failure() != null
                || now.expectedCompletion() != null
                || now.rowsAffected() > 0
                || now.remainingMatches() > 0) {
            return now;
        }
        return new CategoryResult(
                foundBefore,
                0,
                now.verification() + "; " + foundBefore
                        + " found by an earlier attempt of this command that was interrupted after acting, none left now",
                now.retention(),
                null,
                null,
                now.exchanges());
    }
}
