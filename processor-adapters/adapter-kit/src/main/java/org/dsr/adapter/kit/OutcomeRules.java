package org.dsr.adapter.kit;

import java.time.Instant;
import java.util.UUID;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.Retention;

/**
 * Turns what a handler did into an outcome status. Pure, so the rules are tested without a database:
 * <ul>
 * <li>a handler failure is FAILED as given;</li>
 * <li>anything still found by the verification read ({@code remainingMatches > 0}) is FAILED, permanent, with the
 * count: nothing to retry automatically, a person must look;</li>
 * <li>a result with an expected completion is PENDING (an asynchronous processor finishes later);</li>
 * <li>nothing affected and nothing remaining is NOT_FOUND;</li>
 * <li>otherwise ERASE is ERASED (also DEFERRED_ERASE), ANONYMISE ANONYMISED, RESTRICT RESTRICTED,
 * LIFT_RESTRICTION LIFTED, RETAIN RETAINED with its retention.</li>
 * </ul>
 */
public final class OutcomeRules {

    private OutcomeRules() {}

    public static ProcessorOutcomeV1 outcome(
            UUID outcomeId,
            String processor,
            ProcessorCommandV1 command,
            CategoryCommand category,
            CategoryResult result,
            Instant completedAt) {
        Action action = category.action();
        Evidence evidence = new Evidence(
                result.rowsAffected(), result.remainingMatches(), result.verification(), result.exchanges());
        Failure failure = result.failure();
        OutcomeStatus status;
        Retention retention = null;
        java.time.Instant expected = null;
        if (failure != null) {
            status = OutcomeStatus.FAILED;
        } else if (result.expectedCompletion() != null) {
            status = OutcomeStatus.PENDING;
            expected = result.expectedCompletion();
        } else if (result.remainingMatches() > 0) {
            status = OutcomeStatus.FAILED;
            failure = new Failure(false, remainingReason(action, result.remainingMatches()));
        } else if (result.rowsAffected() == 0) {
            status = OutcomeStatus.NOT_FOUND;
        } else {
            status = switch (action) {
                case ERASE, DEFERRED_ERASE -> OutcomeStatus.ERASED;
                case ANONYMISE -> OutcomeStatus.ANONYMISED;
                case RESTRICT -> OutcomeStatus.RESTRICTED;
                case LIFT_RESTRICTION -> OutcomeStatus.LIFTED;
                case RETAIN -> OutcomeStatus.RETAINED;
            };
            if (status == OutcomeStatus.RETAINED) {
                retention = result.retention();
                if (retention == null) {
                    status = OutcomeStatus.FAILED;
                    failure = new Failure(false, "retained without a legal basis");
                }
            }
        }
        return new ProcessorOutcomeV1(
                outcomeId,
                command.commandId(),
                command.requestId(),
                processor,
                category.category(),
                action,
                status,
                evidence,
                retention,
                expected,
                failure,
                completedAt,
                null);
    }

    /** For a category the adapter does not know or an action it does not implement: permanent, nothing examined. */
    public static ProcessorOutcomeV1 refused(
            UUID outcomeId,
            String processor,
            ProcessorCommandV1 command,
            CategoryCommand category,
            String reason,
            Instant completedAt) {
        return new ProcessorOutcomeV1(
                outcomeId,
                command.commandId(),
                command.requestId(),
                processor,
                printable(category.category()),
                category.action(),
                OutcomeStatus.FAILED,
                new Evidence(0, 0, "not examined: no action was taken"),
                null,
                null,
                new Failure(false, reason),
                completedAt,
                null);
    }

    /**
     * The outcome id of the category at {@code index} of the command delivered as {@code eventId}: the same event
     * always yields the same ids, so an outcome is never published under two ids.
     */
    public static UUID outcomeId(String eventId, int index, String category) {
        return UUID.nameUUIDFromBytes(("outcome|" + eventId + "|" + index + "|" + category)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The id of the message carrying a command's outcomes, derived from the command event like the outcome ids. */
    public static UUID batchId(String eventId) {
        return UUID.nameUUIDFromBytes(("outcomes|" + eventId).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String remainingReason(Action action, long remaining) {
        return switch (action) {
            case ERASE, DEFERRED_ERASE -> remaining + " rows still match after erasure";
            case ANONYMISE -> remaining + " rows still hold personal data after anonymisation";
            case RESTRICT -> remaining + " rows are still unrestricted after restriction";
            case LIFT_RESTRICTION -> remaining + " rows are still restricted after lifting the restriction";
            case RETAIN -> remaining + " retained rows are not restricted";
        };
    }

    /** Category names come from the command: print them only when they look like one. */
    public static String printable(String category) {
        return category != null && category.matches("[A-Za-z0-9._\\-]{1,64}") ? category : "(unprintable)";
    }
}
