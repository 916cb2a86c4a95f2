package org.dsr.orchestrator.saga.machine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.RequestType;
import org.dsr.orchestrator.saga.SagaStatus;
import org.dsr.orchestrator.saga.StepStatus;

/**
 * An immutable view of one saga as the machine sees it: the saga, its steps, and whether any stored outcome of the
 * request is RETAINED (which decides between COMPLETED and COMPLETED_WITH_RETENTION).
 */
public record SagaState(
        UUID requestId,
        RequestType requestType,
        Jurisdiction jurisdiction,
        SagaStatus status,
        Instant receivedAt,
        Instant dueAt,
        Instant originalDueAt,
        String extensionReason,
        Instant updatedAt,
        Instant completedAt,
        boolean anyRetained,
        List<Step> steps) {

    public SagaState {
        steps = List.copyOf(steps);
    }

    /** One processor's part: its command (same id on every dispatch), attempts, and when to look at it next. */
    public record Step(
            UUID id,
            String processor,
            StepStatus status,
            UUID commandId,
            int attempt,
            List<CategoryCommand> categories,
            Instant dispatchedAt,
            Instant completedAt,
            String lastError,
            Instant nextAttemptAt,
            Instant expectedCompletion) {

        public Step {
            categories = List.copyOf(categories);
        }

        Step withStatus(StepStatus value) {
            return new Step(
                    id,
                    processor,
                    value,
                    commandId,
                    attempt,
                    categories,
                    dispatchedAt,
                    completedAt,
                    lastError,
                    nextAttemptAt,
                    expectedCompletion);
        }

        Step withNextAttemptAt(Instant value) {
            return new Step(
                    id,
                    processor,
                    status,
                    commandId,
                    attempt,
                    categories,
                    dispatchedAt,
                    completedAt,
                    lastError,
                    value,
                    expectedCompletion);
        }

        Step withExpectedCompletion(Instant value) {
            return new Step(
                    id,
                    processor,
                    status,
                    commandId,
                    attempt,
                    categories,
                    dispatchedAt,
                    completedAt,
                    lastError,
                    nextAttemptAt,
                    value);
        }

        Step withCompletedAt(Instant value) {
            return new Step(
                    id,
                    processor,
                    status,
                    commandId,
                    attempt,
                    categories,
                    dispatchedAt,
                    value,
                    lastError,
                    nextAttemptAt,
                    expectedCompletion);
        }

        Step withLastError(String value) {
            return new Step(
                    id,
                    processor,
                    status,
                    commandId,
                    attempt,
                    categories,
                    dispatchedAt,
                    completedAt,
                    value,
                    nextAttemptAt,
                    expectedCompletion);
        }

        Step dispatchedAgain(Instant now, Instant timeoutAt) {
            return new Step(
                    id,
                    processor,
                    StepStatus.DISPATCHED,
                    commandId,
                    attempt + 1,
                    categories,
                    now,
                    completedAt,
                    lastError,
                    timeoutAt,
                    null);
        }
    }

    public Step step(UUID stepId) {
        return steps.stream().filter(s -> s.id().equals(stepId)).findFirst().orElse(null);
    }

    public Step stepOf(String processor) {
        return steps.stream()
                .filter(s -> s.processor().equals(processor))
                .findFirst()
                .orElse(null);
    }

    public boolean isOpen() {
        return status != SagaStatus.CANCELLED && !status.isCompleted();
    }

    SagaState withStep(Step step) {
        List<Step> next = new ArrayList<>(steps);
        next.replaceAll(s -> s.id().equals(step.id()) ? step : s);
        return withSteps(next);
    }

    SagaState mapSteps(UnaryOperator<Step> change) {
        return withSteps(steps.stream().map(change).toList());
    }

    SagaState withSteps(List<Step> value) {
        return new SagaState(
                requestId,
                requestType,
                jurisdiction,
                status,
                receivedAt,
                dueAt,
                originalDueAt,
                extensionReason,
                updatedAt,
                completedAt,
                anyRetained,
                value);
    }

    SagaState withStatus(SagaStatus value, Instant at) {
        return new SagaState(
                requestId,
                requestType,
                jurisdiction,
                value,
                receivedAt,
                dueAt,
                originalDueAt,
                extensionReason,
                at,
                completedAt,
                anyRetained,
                steps);
    }

    SagaState withCompletedAt(Instant value) {
        return new SagaState(
                requestId,
                requestType,
                jurisdiction,
                status,
                receivedAt,
                dueAt,
                originalDueAt,
                extensionReason,
                updatedAt,
                value,
                anyRetained,
                steps);
    }

    SagaState withAnyRetained(boolean value) {
        return new SagaState(
                requestId,
                requestType,
                jurisdiction,
                status,
                receivedAt,
                dueAt,
                originalDueAt,
                extensionReason,
                updatedAt,
                completedAt,
                value,
                steps);
    }

    SagaState extended(Instant newDueAt, String reason, Instant at) {
        return new SagaState(
                requestId,
                requestType,
                jurisdiction,
                status,
                receivedAt,
                newDueAt,
                dueAt,
                reason,
                at,
                completedAt,
                anyRetained,
                steps);
    }
}
