package org.dsr.connector.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.StepResult;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;

/**
 * What the connector does with each category of a command, decided without I/O ({@link ConnectorCommandService}
 * reads the steps, runs the kind and writes what this decides):
 * <ul>
 * <li>a category answered before (open or finished, {@link PendingSteps.Row}) is answered again from that answer and
 * never acted on twice: open work PENDING with its expected completion (the later of its due time and the kind's
 * first estimate) and the evidence of its PENDING answer, finished work with a copy of its final outcome;</li>
 * <li>a category the processor does not know, or an action it does not support, is refused (FAILED, permanent);</li>
 * <li>everything else is handed to the kind ({@link #acting}), including what failed before; a category the kind gave
 * no answer for is FAILED (retryable);</li>
 * <li>of the kind's answers, a PENDING one becomes a pending step ({@link NewStep}), a final one other than FAILED is
 * remembered for later re-dispatches ({@link Answer#finals}); a FAILED one is not remembered, so a re-dispatch acts
 * on it again.</li>
 * </ul>
 */
public final class CommandAnswers {

    /** A PENDING answer to record as a step, in the transaction of the outcome. */
    public record NewStep(
            UUID stepId,
            String category,
            Action action,
            String resumeState,
            Instant expectedCompletion,
            Evidence evidence) {}

    /**
     * The command's outcomes, one per category in the command's order (unsigned), the steps to record, and the
     * positions of the outcomes to remember as final once signed.
     */
    public record Answer(List<ProcessorOutcomeV1> outcomes, List<NewStep> pending, List<Integer> finals) {}

    private CommandAnswers() {}

    /** The categories to hand to the kind: known, with an action supported, and not answered before. */
    public static List<CategoryCommand> acting(
            ProcessorCommandV1 command, Map<String, Set<Action>> supported, Set<String> answeredBefore) {
        List<CategoryCommand> acting = new ArrayList<>();
        for (CategoryCommand c : command.categories()) {
            Set<Action> actions = supported.get(c.category());
            if (!answeredBefore.contains(c.category()) && actions != null && actions.contains(c.action())) {
                acting.add(c);
            }
        }
        return acting;
    }

    /**
     * One outcome per category of the command delivered as {@code eventId}, from what was answered before
     * ({@code known}, by category) and what the kind answered now ({@code results}, by category).
     */
    public static Answer answer(
            String eventId,
            String processor,
            ProcessorCommandV1 command,
            Map<String, Set<Action>> supported,
            Map<String, PendingSteps.Row> known,
            Map<String, StepResult> results,
            Instant now) {
        List<ProcessorOutcomeV1> outcomes = new ArrayList<>();
        List<NewStep> pending = new ArrayList<>();
        List<Integer> finals = new ArrayList<>();
        for (int i = 0; i < command.categories().size(); i++) {
            CategoryCommand category = command.categories().get(i);
            UUID outcomeId = OutcomeRules.outcomeId(eventId, i, category.category());
            PendingSteps.Row row = known.get(category.category());
            StepResult result = results.get(category.category());
            if (row != null) {
                outcomes.add(again(row, outcomeId, processor, command, category, now));
            } else if (!supported.containsKey(category.category())) {
                outcomes.add(OutcomeRules.refused(
                        outcomeId,
                        processor,
                        command,
                        category,
                        "unknown category " + OutcomeRules.printable(category.category()),
                        now));
            } else if (!supported.get(category.category()).contains(category.action())) {
                outcomes.add(OutcomeRules.refused(
                        outcomeId,
                        processor,
                        command,
                        category,
                        "action not supported: " + category.action() + " on " + category.category(),
                        now));
            } else if (result == null) {
                outcomes.add(OutcomeRules.outcome(
                        outcomeId,
                        processor,
                        command,
                        category,
                        CategoryResult.failed(true, "the connector gave no answer for this category", "not examined"),
                        now));
            } else {
                ProcessorOutcomeV1 outcome =
                        OutcomeRules.outcome(outcomeId, processor, command, category, result.result(), now);
                outcomes.add(outcome);
                if (outcome.status() == OutcomeStatus.PENDING) {
                    pending.add(new NewStep(
                            PendingStepIds.of(command.commandId(), processor, category.category()),
                            category.category(),
                            category.action(),
                            result.resumeState(),
                            outcome.expectedCompletion(),
                            outcome.evidence()));
                } else if (outcome.status() != OutcomeStatus.FAILED) {
                    finals.add(i);
                }
            }
        }
        return new Answer(List.copyOf(outcomes), List.copyOf(pending), List.copyOf(finals));
    }

    /**
     * A re-dispatch of a category already answered: open work is answered PENDING again with its expected completion
     * and the evidence of its PENDING answer (the kind's own sentence); finished work, whether answered at once or
     * later, with a copy of its final outcome under this delivery's outcome id.
     */
    static ProcessorOutcomeV1 again(
            PendingSteps.Row row,
            UUID outcomeId,
            String processor,
            ProcessorCommandV1 command,
            CategoryCommand category,
            Instant now) {
        if (row.open()) {
            Instant expected = row.dueAt().isAfter(row.step().expectedCompletion())
                    ? row.dueAt()
                    : row.step().expectedCompletion();
            Evidence first = row.pendingEvidence();
            CategoryResult pending = first == null
                    // a step stored before its evidence was kept
                    ? CategoryResult.pending(
                            0, expected, "accepted by the processor, which finishes later: not" + " verified yet")
                    : CategoryResult.pending(first.rowsAffected(), expected, first.verification())
                            .withExchanges(first.exchanges());
            return OutcomeRules.outcome(outcomeId, processor, command, category, pending, now);
        }
        return row.finalOutcome().againAs(outcomeId);
    }
}
