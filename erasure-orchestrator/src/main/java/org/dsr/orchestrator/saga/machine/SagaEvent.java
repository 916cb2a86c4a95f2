package org.dsr.orchestrator.saga.machine;

import java.util.Map;
import java.util.UUID;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/** What can happen to a saga. The machine answers each with a {@link Decision}. */
public sealed interface SagaEvent {

    /**
     * New outcomes answered some steps' current commands.
     *
     * @param latestByStep per answered step (in the order answered), the latest outcome per category of its command
     */
    record OutcomesReceived(Map<UUID, Map<String, ProcessorOutcomeV1>> latestByStep) implements SagaEvent {}

    /** The watchdog found the step due: its retry time or its timeout may have come. */
    record StepDue(UUID stepId) implements SagaEvent {}

    /** An operator dispatches the step again. */
    record RetryRequested(String processor, String actor) implements SagaEvent {}

    /**
     * An operator confirms the processor acted: every open category gets an outcome that says so.
     *
     * @param latest the latest stored outcome per category of the step's command
     */
    record MarkDoneRequested(String processor, String actor, String note, Map<String, ProcessorOutcomeV1> latest)
            implements SagaEvent {}

    record CancelRequested(String actor, String reason) implements SagaEvent {}

    /** Art. 12(3): by one or two further months (checked before), with the reason. */
    record ExtensionRequested(int months, String reason) implements SagaEvent {}

    /**
     * A deferred erasure was confirmed and a new version of the record is written.
     *
     * @param stillRetained whether the record's outcomes still hold a retention after the confirmed erasures
     */
    record DeferredErasureConfirmed(boolean stillRetained, String cause) implements SagaEvent {}
}
