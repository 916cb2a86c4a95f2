package org.dsr.connector.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.adapter.kit.OutcomeRules;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.PendingStepIds;
import org.dsr.connector.kind.StepResult;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Subject;
import org.junit.jupiter.api.Test;

/** Which categories of a command are acted on, refused, answered again, made pending or remembered: no database. */
class CommandAnswersTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final String EVENT = "event-1";
    static final String PROCESSOR = "shop";
    static final Map<String, Set<Action>> SUPPORTED = Map.of(
            "orders",
            Set.of(Action.ERASE, Action.RETAIN),
            "newsletter",
            Set.of(Action.ERASE),
            "account",
            Set.of(Action.ANONYMISE));

    static ProcessorCommandV1 command(CategoryCommand... categories) {
        return new ProcessorCommandV1(
                UUID.randomUUID(),
                UUID.randomUUID(),
                PROCESSOR,
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject("pseudo", List.of(), null),
                List.of(categories),
                NOW,
                1);
    }

    @Test
    void onlyKnownCategoriesWithASupportedActionNotAnsweredBeforeAreHandedToTheKind() {
        // given a command naming an unknown category, an unsupported action and one answered before
        ProcessorCommandV1 command = command(
                new CategoryCommand("orders", Action.ERASE),
                new CategoryCommand("films", Action.ERASE),
                new CategoryCommand("account", Action.RESTRICT),
                new CategoryCommand("newsletter", Action.ERASE));

        // when the connector chooses what to act on
        List<CategoryCommand> acting = CommandAnswers.acting(command, SUPPORTED, Set.of("newsletter"));

        // then only orders is acted on
        assertThat(acting).containsExactly(new CategoryCommand("orders", Action.ERASE));
    }

    @Test
    void anUnknownCategoryAndAnUnsupportedActionAreRefusedPermanentlyWithoutBeingExamined() {
        // given
        ProcessorCommandV1 command = command(
                new CategoryCommand("films", Action.ERASE),
                new CategoryCommand("account", Action.RESTRICT),
                new CategoryCommand("bad name!", Action.ERASE));

        // when
        CommandAnswers.Answer answer =
                CommandAnswers.answer(EVENT, PROCESSOR, command, SUPPORTED, Map.of(), Map.of(), NOW);

        // then
        assertThat(answer.outcomes()).extracting(ProcessorOutcomeV1::status).containsOnly(OutcomeStatus.FAILED);
        assertThat(answer.outcomes())
                .extracting(o -> o.failure().reason())
                .containsExactly(
                        "unknown category films",
                        "action not supported: RESTRICT on account",
                        "unknown category (unprintable)");
        assertThat(answer.outcomes()).allSatisfy(o -> {
            assertThat(o.failure().retryable()).isFalse();
            assertThat(o.evidence().verification()).isEqualTo("not examined: no action was taken");
            assertThat(o.completedAt()).isEqualTo(NOW);
        });
        assertThat(answer.pending()).isEmpty();
        assertThat(answer.finals()).isEmpty();
    }

    @Test
    void aPendingAnswerBecomesAStepAFinalOneIsRememberedAndAFailedOneIsNot() {
        // given the kind's answers: pending, erased, failed (retryable)
        ProcessorCommandV1 command = command(
                new CategoryCommand("orders", Action.ERASE),
                new CategoryCommand("newsletter", Action.ERASE),
                new CategoryCommand("account", Action.ANONYMISE));
        Instant expected = NOW.plus(Duration.ofDays(3));
        Map<String, StepResult> results = Map.of(
                "orders", new StepResult("orders", CategoryResult.pending(2, expected, "job accepted"), "job-7"),
                "newsletter", StepResult.of("newsletter", CategoryResult.of(1, 0, "read again")),
                "account", StepResult.of("account", CategoryResult.failed(true, "store locked", "not verified")));

        // when
        CommandAnswers.Answer answer =
                CommandAnswers.answer(EVENT, PROCESSOR, command, SUPPORTED, Map.of(), results, NOW);

        // then the outcomes follow the command's order, with the ids derived from the event
        assertThat(answer.outcomes())
                .extracting(ProcessorOutcomeV1::status)
                .containsExactly(OutcomeStatus.PENDING, OutcomeStatus.ERASED, OutcomeStatus.FAILED);
        assertThat(answer.outcomes())
                .extracting(ProcessorOutcomeV1::outcomeId)
                .containsExactly(
                        OutcomeRules.outcomeId(EVENT, 0, "orders"),
                        OutcomeRules.outcomeId(EVENT, 1, "newsletter"),
                        OutcomeRules.outcomeId(EVENT, 2, "account"));
        // and the pending one is a step with its resume state, the final one remembered, the failed one not
        assertThat(answer.pending())
                .containsExactly(new CommandAnswers.NewStep(
                        PendingStepIds.of(command.commandId(), PROCESSOR, "orders"),
                        "orders",
                        Action.ERASE,
                        "job-7",
                        expected,
                        new Evidence(2, 0, "job accepted")));
        assertThat(answer.finals()).containsExactly(1);
    }

    @Test
    void aCategoryTheKindGaveNoAnswerForFailsRetryably() {
        // given
        ProcessorCommandV1 command = command(new CategoryCommand("orders", Action.ERASE));

        // when the kind answered nothing for it
        CommandAnswers.Answer answer =
                CommandAnswers.answer(EVENT, PROCESSOR, command, SUPPORTED, Map.of(), Map.of(), NOW);

        // then
        ProcessorOutcomeV1 outcome = answer.outcomes().get(0);
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.FAILED);
        assertThat(outcome.failure().retryable()).isTrue();
        assertThat(outcome.failure().reason()).isEqualTo("the connector gave no answer for this category");
        assertThat(answer.finals()).isEmpty();
    }

    @Test
    void openWorkIsAnsweredPendingAgainWithTheLaterOfItsDueTimeAndItsEstimateAndItsFirstEvidence() {
        // given an open step whose due time moved past the kind's first estimate
        ProcessorCommandV1 command = command(new CategoryCommand("orders", Action.ERASE));
        Instant estimate = NOW.plus(Duration.ofDays(1));
        Instant due = NOW.plus(Duration.ofDays(2));
        Evidence first = new Evidence(
                3,
                0,
                "asked of the vendor: not confirmed yet",
                List.of(new Evidence.Exchange("ask", "POST /jobs", 202, List.of("job-7"), null, null)));
        PendingSteps.Row open = new PendingSteps.Row(
                step(command, "orders", estimate), "PENDING", "pseudo", command, null, 0, due, first);

        // when the command is re-dispatched
        CommandAnswers.Answer answer =
                CommandAnswers.answer("event-2", PROCESSOR, command, SUPPORTED, Map.of("orders", open), Map.of(), NOW);

        // then it is PENDING again, by the due time, with the kind's own evidence, and no new step
        ProcessorOutcomeV1 outcome = answer.outcomes().get(0);
        assertThat(outcome.status()).isEqualTo(OutcomeStatus.PENDING);
        assertThat(outcome.expectedCompletion()).isEqualTo(due);
        assertThat(outcome.evidence()).isEqualTo(first);
        assertThat(outcome.outcomeId()).isEqualTo(OutcomeRules.outcomeId("event-2", 0, "orders"));
        assertThat(answer.pending()).isEmpty();
        assertThat(answer.finals()).isEmpty();
    }

    @Test
    void openWorkStoredWithoutEvidenceIsAnsweredWithTheGenericSentence() {
        ProcessorCommandV1 command = command(new CategoryCommand("orders", Action.ERASE));
        Instant estimate = NOW.plus(Duration.ofDays(1));
        PendingSteps.Row open = new PendingSteps.Row(
                step(command, "orders", estimate), "PENDING", "pseudo", command, null, 0, NOW, null);

        ProcessorOutcomeV1 outcome = CommandAnswers.answer(
                        EVENT, PROCESSOR, command, SUPPORTED, Map.of("orders", open), Map.of(), NOW)
                .outcomes()
                .get(0);

        assertThat(outcome.expectedCompletion()).isEqualTo(estimate);
        assertThat(outcome.evidence())
                .isEqualTo(
                        new Evidence(0, 0, "accepted by the processor, which finishes" + " later: not verified yet"));
    }

    @Test
    void finishedWorkIsAnsweredWithACopyOfItsFinalOutcomeUnderThisDeliverysId() {
        // given a category finished earlier
        ProcessorCommandV1 command = command(new CategoryCommand("newsletter", Action.ERASE));
        ProcessorOutcomeV1 earlier = OutcomeRules.outcome(
                UUID.randomUUID(),
                PROCESSOR,
                command,
                command.categories().get(0),
                CategoryResult.of(1, 0, "read again"),
                NOW.minus(Duration.ofHours(1)));
        PendingSteps.Row done =
                new PendingSteps.Row(step(command, "newsletter", null), "DONE", null, null, earlier, 0, null, null);

        // when
        CommandAnswers.Answer answer = CommandAnswers.answer(
                "event-2", PROCESSOR, command, SUPPORTED, Map.of("newsletter", done), Map.of(), NOW);

        // then: the same answer, its time included, under the new id; not remembered a second time
        assertThat(answer.outcomes())
                .containsExactly(earlier.againAs(OutcomeRules.outcomeId("event-2", 0, "newsletter")));
        assertThat(answer.finals()).isEmpty();
    }

    private static PendingStep step(ProcessorCommandV1 command, String category, Instant expected) {
        return new PendingStep(
                PendingStepIds.of(command.commandId(), PROCESSOR, category),
                command.commandId(),
                command.requestId(),
                PROCESSOR,
                category,
                Action.ERASE,
                null,
                0,
                expected);
    }
}
