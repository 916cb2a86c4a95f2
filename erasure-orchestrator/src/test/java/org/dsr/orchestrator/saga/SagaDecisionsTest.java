package org.dsr.orchestrator.saga;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.junit.jupiter.api.Test;

class SagaDecisionsTest {

    private static final List<CategoryCommand> CATEGORIES = List.of(new CategoryCommand("account", Action.ERASE),
            new CategoryCommand("access-logs", Action.ANONYMISE));

    private static ProcessorOutcomeV1 outcome(String category, OutcomeStatus status) {
        return new ProcessorOutcomeV1(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "hosting", category,
                Action.ERASE, status, null, null, null,
                status == OutcomeStatus.FAILED ? new Failure(false, "table locked") : null, Instant.now(), null);
    }

    @Test
    void aStepIsDoneOnlyWhenEveryCategoryHasAPositiveOutcome() {
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of(), 1, 3)).isEqualTo(StepStatus.DISPATCHED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED)), 1, 3))
                .as("one category still missing: not done").isEqualTo(StepStatus.DISPATCHED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "access-logs", outcome("access-logs", OutcomeStatus.NOT_FOUND)), 1, 3)).isEqualTo(StepStatus.DONE);
    }

    @Test
    void anOutcomeForACategoryNotInTheCommandDoesNotCompleteTheStep() {
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "profile", outcome("profile", OutcomeStatus.ERASED)), 1, 3)).isEqualTo(StepStatus.DISPATCHED);
    }

    @Test
    void aFailureOrAPendingAnswerIsNeverSkipped() {
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "access-logs", outcome("access-logs", OutcomeStatus.FAILED)), 1, 3)).isEqualTo(StepStatus.FAILED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.PENDING),
                "access-logs", outcome("access-logs", OutcomeStatus.ERASED)), 1, 3))
                .isEqualTo(StepStatus.AWAITING_PROCESSOR);
    }

    @Test
    void aRetryableFailureIsRetriedUntilTheAttemptsAreSpent() {
        ProcessorOutcomeV1 retryable = new ProcessorOutcomeV1(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                "hosting", "access-logs", Action.ANONYMISE, OutcomeStatus.FAILED, null, null, null,
                new Failure(true, "lock timeout"), Instant.now(), null);
        Map<String, ProcessorOutcomeV1> latest = Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "access-logs", retryable);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, latest, 1, 3)).isEqualTo(StepStatus.RETRY_SCHEDULED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, latest, 3, 3)).isEqualTo(StepStatus.FAILED);
    }

    @Test
    void backoffDoublesWithJitterAndIsCapped() {
        var base = java.time.Duration.ofSeconds(30);
        var max = java.time.Duration.ofHours(1);
        assertThat(SagaDecisions.backoff(1, base, max, 0.0)).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(SagaDecisions.backoff(1, base, max, 1.0)).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(SagaDecisions.backoff(3, base, max, 1.0)).isEqualTo(java.time.Duration.ofSeconds(120));
        assertThat(SagaDecisions.backoff(30, base, max, 1.0)).isEqualTo(max);
    }

    @Test
    void theSagaCompletesOnlyWhenEveryStepIsDone() {
        assertThat(SagaDecisions.sagaStatus(List.of(StepStatus.DONE, StepStatus.DISPATCHED), false))
                .isEqualTo(SagaStatus.IN_PROGRESS);
        assertThat(SagaDecisions.sagaStatus(List.of(StepStatus.DONE, StepStatus.AWAITING_PROCESSOR), false))
                .isEqualTo(SagaStatus.AWAITING_PROCESSOR);
        assertThat(SagaDecisions.sagaStatus(List.of(StepStatus.DONE, StepStatus.FAILED), false))
                .isEqualTo(SagaStatus.NEEDS_ATTENTION);
        assertThat(SagaDecisions.sagaStatus(List.of(StepStatus.DONE, StepStatus.DONE), false))
                .isEqualTo(SagaStatus.COMPLETED);
        assertThat(SagaDecisions.sagaStatus(List.of(StepStatus.DONE, StepStatus.DONE), true))
                .isEqualTo(SagaStatus.COMPLETED_WITH_RETENTION);
    }
}
