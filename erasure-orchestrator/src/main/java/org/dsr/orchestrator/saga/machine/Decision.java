package org.dsr.orchestrator.saga.machine;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * What the machine decided: the saga's new state, what to send or store, which transitions to record (in order),
 * whether the saga completed now (its first record is due), or why the event was refused.
 */
public record Decision(
        SagaState state, List<Command> commands, List<Transition> transitions, boolean completed, Refusal refusal) {

    public Decision {
        commands = List.copyOf(commands);
        transitions = List.copyOf(transitions);
    }

    static Decision unchanged(SagaState state) {
        return new Decision(state, List.of(), List.of(), false, null);
    }

    static Decision refused(SagaState state, Refusal.Kind kind, String detail) {
        return new Decision(state, List.of(), List.of(), false, new Refusal(kind, detail));
    }

    public boolean isRefused() {
        return refusal != null;
    }

    /** Something for the service to do in the same transaction. */
    public sealed interface Command {}

    /** Send (again) the step's command: same command id, this attempt, issued now, signed anew. */
    public record Dispatch(
            UUID stepId,
            String processor,
            UUID commandId,
            int attempt,
            List<CategoryCommand> categories,
            Instant issuedAt)
            implements Command {}

    /** Store an outcome written by hand (an operator's confirmation); unsigned. */
    public record StoreOutcome(ProcessorOutcomeV1 outcome, Instant receivedAt) implements Command {}

    /** A line of the audit trail; {@code processor} is null for the saga itself. */
    public record Transition(String processor, Enum<?> from, Enum<?> to, String cause, Instant at) {}

    public record Refusal(Kind kind, String detail) {
        public enum Kind {
            NOT_FOUND,
            CONFLICT
        }
    }
}
