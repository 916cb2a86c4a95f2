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

    /** @param latest the most recent outcome per category of the step's current command */
    public static StepStatus stepStatus(List<CategoryCommand> expected, Map<String, ProcessorOutcomeV1> latest) {
        boolean allPositive = true;
        boolean pending = false;
        for (CategoryCommand category : expected) {
            ProcessorOutcomeV1 outcome = latest.get(category.category());
            if (outcome == null) {
                allPositive = false;
            } else if (outcome.status() == OutcomeStatus.FAILED) {
                return StepStatus.FAILED;
            } else if (outcome.status() == OutcomeStatus.PENDING) {
                allPositive = false;
                pending = true;
            }
        }
        return allPositive ? StepStatus.DONE : pending ? StepStatus.AWAITING_PROCESSOR : StepStatus.DISPATCHED;
    }

    public static SagaStatus sagaStatus(Collection<StepStatus> steps, boolean anyRetained) {
        if (steps.contains(StepStatus.FAILED)) {
            return SagaStatus.NEEDS_ATTENTION;
        }
        if (steps.stream().allMatch(s -> s == StepStatus.DONE)) {
            return anyRetained ? SagaStatus.COMPLETED_WITH_RETENTION : SagaStatus.COMPLETED;
        }
        boolean othersDone = steps.stream().allMatch(s -> s == StepStatus.DONE || s == StepStatus.AWAITING_PROCESSOR);
        return othersDone ? SagaStatus.AWAITING_PROCESSOR : SagaStatus.IN_PROGRESS;
    }
}
