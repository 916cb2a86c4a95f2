package org.dsr.connector.pending;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * What happens to a pending step after the processor was asked again ({@link PendingStepJob} asks, locks and writes):
 * <ul>
 * <li>an answer that is still PENDING postpones the step to its new expected completion (its resume state replaced
 * when the kind gave a new one) and resets the failures;</li>
 * <li>any other answer, FAILED included, finishes it;</li>
 * <li>a failed poll postpones it with backoff ({@code initialBackoff} doubled per failure in a row, at most
 * {@code maxBackoff}); the {@code maxAttempts}-th failure in a row finishes it FAILED (permanent): a person must
 * look;</li>
 * <li>a step whose processor left the connectors file is finished FAILED (permanent) without asking.</li>
 * </ul>
 * The final outcome of a step has an id derived from the step, so finishing it twice cannot publish two outcomes.
 */
public final class PendingPollRule {

    /** What to do with the step. */
    public sealed interface Next permits Finish, Postpone {}

    /** Answer the step's category finally with this result. */
    public record Finish(CategoryResult result) implements Next {}

    /** Ask again at {@code due}; {@code failed}: the poll failed (counted), with the exception's class name. */
    public record Postpone(String resumeState, Instant expectedCompletion, Instant due, boolean failed, String error)
            implements Next {}

    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public PendingPollRule(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** The processor answered. */
    public static Next answered(PendingStep step, StepResult result) {
        if (result.result().expectedCompletion() != null && result.result().failure() == null) {
            Instant expected = result.result().expectedCompletion();
            return new Postpone(
                    result.resumeState() != null ? result.resumeState() : step.resumeState(),
                    expected,
                    expected,
                    false,
                    null);
        }
        return new Finish(result.result());
    }

    /**
     * Asking failed, after {@code failuresBefore} failures in a row.
     *
     * @param error the exception's class name (never its message, which may quote the processor)
     */
    public Next failed(PendingStep step, int failuresBefore, String error, Instant now) {
        int failures = failuresBefore + 1;
        if (failures >= maxAttempts) {
            return new Finish(CategoryResult.failed(
                    false, "asking the processor again failed " + failures + " times in a row", "not verified"));
        }
        return new Postpone(step.resumeState(), step.expectedCompletion(), now.plus(backoff(failures)), true, error);
    }

    /** The delay after the given number of failures in a row (1: the first). */
    Duration backoff(int failures) {
        Duration backoff = initialBackoff.multipliedBy(1L << Math.min(failures - 1, 20));
        return backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff;
    }

    /** The processor is no longer hosted by this connector. */
    public static Finish notHosted(PendingStep step) {
        return new Finish(CategoryResult.failed(
                false, "processor " + step.processor() + " is no longer hosted by this connector", "not examined"));
    }

    /** The step's final outcome (unsigned), for its category as the stored command names it. */
    public static ProcessorOutcomeV1 finalOutcome(
            PendingStep step, ProcessorCommandV1 command, CategoryResult result, Instant now) {
        CategoryCommand category = command.categories().stream()
                .filter(c -> c.category().equals(step.category()))
                .findFirst()
                .orElse(new CategoryCommand(step.category(), step.action()));
        UUID outcomeId = UUID.nameUUIDFromBytes(("final|" + step.id()).getBytes(StandardCharsets.UTF_8));
        return OutcomeRules.outcome(outcomeId, step.processor(), command, category, result, now);
    }

    /** The id of the message carrying the step's final outcome. */
    public static UUID finalMessageId(PendingStep step) {
        return UUID.nameUUIDFromBytes(("final-message|" + step.id()).getBytes(StandardCharsets.UTF_8));
    }
}
