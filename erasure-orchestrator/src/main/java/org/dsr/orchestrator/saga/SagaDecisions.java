package org.dsr.orchestrator.saga;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * The saga's decisions as plain functions, so they are tested without Kafka or a database. A request is complete
 * only when every category of every step has a positive final outcome: nothing is skipped silently.
 */
public final class SagaDecisions {

    private SagaDecisions() {
    }

    /**
     * @param latest the most recent outcome per category of the step's current command
     * @param attempt dispatches so far
     * @param maxAttempts dispatches allowed before a retryable failure needs attention
     */
    public static StepStatus stepStatus(List<CategoryCommand> expected, Map<String, ProcessorOutcomeV1> latest,
            int attempt, int maxAttempts) {
        boolean allPositive = true;
        boolean pending = false;
        boolean retryable = false;
        for (CategoryCommand category : expected) {
            ProcessorOutcomeV1 outcome = latest.get(category.category());
            if (outcome == null) {
                allPositive = false;
            } else if (outcome.status() == OutcomeStatus.FAILED) {
                if (outcome.failure() == null || !outcome.failure().retryable() || attempt >= maxAttempts) {
                    return StepStatus.FAILED;
                }
                retryable = true;
                allPositive = false;
            } else if (outcome.status() == OutcomeStatus.PENDING) {
                allPositive = false;
                pending = true;
            }
        }
        if (retryable) {
            return StepStatus.RETRY_SCHEDULED;
        }
        return allPositive ? StepStatus.DONE : pending ? StepStatus.AWAITING_PROCESSOR : StepStatus.DISPATCHED;
    }

    /** Exponential backoff with full jitter in [base * 2^(attempt-1) / 2, base * 2^(attempt-1)], capped. */
    public static java.time.Duration backoff(int attempt, java.time.Duration base, java.time.Duration max,
            double random) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(exponential, max.toMillis());
        return java.time.Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * random));
    }

    public static SagaStatus sagaStatus(Collection<StepStatus> steps, boolean anyRetained) {
        if (steps.contains(StepStatus.FAILED)) {
            return SagaStatus.NEEDS_ATTENTION;
        }
        if (steps.stream().allMatch(s -> s == StepStatus.DONE)) {
            return anyRetained ? SagaStatus.COMPLETED_WITH_RETENTION : SagaStatus.COMPLETED;
        }
        boolean othersDone = steps.stream().allMatch(s -> s == StepStatus.DONE || s == StepStatus.AWAITING_PROCESSOR);
        // RETRY_SCHEDULED and DISPATCHED: the orchestrator is still working on it
        return othersDone ? SagaStatus.AWAITING_PROCESSOR : SagaStatus.IN_PROGRESS;
    }
}
