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
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of())).isEqualTo(StepStatus.DISPATCHED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED))))
                .as("one category still missing: not done").isEqualTo(StepStatus.DISPATCHED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "access-logs", outcome("access-logs", OutcomeStatus.NOT_FOUND)))).isEqualTo(StepStatus.DONE);
    }

    @Test
    void anOutcomeForACategoryNotInTheCommandDoesNotCompleteTheStep() {
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "profile", outcome("profile", OutcomeStatus.ERASED)))).isEqualTo(StepStatus.DISPATCHED);
    }

    @Test
    void aFailureOrAPendingAnswerIsNeverSkipped() {
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED),
                "access-logs", outcome("access-logs", OutcomeStatus.FAILED)))).isEqualTo(StepStatus.FAILED);
        assertThat(SagaDecisions.stepStatus(CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.PENDING),
                "access-logs", outcome("access-logs", OutcomeStatus.ERASED))))
                .isEqualTo(StepStatus.AWAITING_PROCESSOR);
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
