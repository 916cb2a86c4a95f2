package org.dsr.connector.pending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.kind.PendingStep;
import org.dsr.connector.kind.StepResult;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorCommandV1;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.subject.Subject;
import org.junit.jupiter.api.Test;

/** When a pending step is asked again, postponed, backed off or given up: no database, no scheduler. */
class PendingPollRuleTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    static final Instant EXPECTED = NOW.plus(Duration.ofHours(1));
    static final PendingPollRule RULE = new PendingPollRule(4, Duration.ofSeconds(5), Duration.ofSeconds(30));
    static final PendingStep STEP = new PendingStep(
            UUID.randomUUID(),
            UUID.randomUUID(),
            UUID.randomUUID(),
            "shop",
            "orders",
            Action.ERASE,
            "job-7",
            3,
            EXPECTED);

    @Test
    void anAnswerThatIsStillPendingPostponesTheStepToItsNewEstimateWithItsNewResumeState() {
        // given the processor answers PENDING with a later estimate and a new job id
        Instant later = NOW.plus(Duration.ofHours(5));
        StepResult again = new StepResult("orders", CategoryResult.pending(0, later, "not done"), "job-8");

        // when
        PendingPollRule.Next next = PendingPollRule.answered(STEP, again);

        // then: asked again at the estimate, failures reset
        assertThat(next).isEqualTo(new PendingPollRule.Postpone("job-8", later, later, false, null));
    }

    @Test
    void aPendingAnswerWithoutAResumeStateKeepsTheStepsOwn() {
        StepResult again = new StepResult("orders", CategoryResult.pending(0, EXPECTED, "not done"), null);

        assertThat(PendingPollRule.answered(STEP, again))
                .isEqualTo(new PendingPollRule.Postpone("job-7", EXPECTED, EXPECTED, false, null));
    }

    @Test
    void aFinalAnswerFailedIncludedFinishesTheStep() {
        CategoryResult erased = CategoryResult.of(4, 0, "read again");
        CategoryResult failed = CategoryResult.failed(true, "vendor says no", "not verified");

        assertThat(PendingPollRule.answered(STEP, StepResult.of("orders", erased)))
                .isEqualTo(new PendingPollRule.Finish(erased));
        assertThat(PendingPollRule.answered(STEP, StepResult.of("orders", failed)))
                .isEqualTo(new PendingPollRule.Finish(failed));
    }

    @Test
    void aFailedPollIsAskedAgainAfterABackoffThatDoublesUpToItsMaximum() {
        // given no failure before, then one, two, three... (max attempts 4: the 4th gives up)
        // when / then
        assertThat(RULE.failed(STEP, 0, "java.net.ConnectException", NOW))
                .isEqualTo(new PendingPollRule.Postpone(
                        "job-7", EXPECTED, NOW.plusSeconds(5), true, "java.net.ConnectException"));
        assertThat(RULE.failed(STEP, 1, "x", NOW))
                .extracting(n -> ((PendingPollRule.Postpone) n).due())
                .isEqualTo(NOW.plusSeconds(10));
        assertThat(RULE.failed(STEP, 2, "x", NOW))
                .extracting(n -> ((PendingPollRule.Postpone) n).due())
                .isEqualTo(NOW.plusSeconds(20));
        assertThat(new PendingPollRule(10, Duration.ofSeconds(5), Duration.ofSeconds(30)).failed(STEP, 5, "x", NOW))
                .extracting(n -> ((PendingPollRule.Postpone) n).due())
                .isEqualTo(NOW.plusSeconds(30));
        assertThat(new PendingPollRule(100, Duration.ofSeconds(5), Duration.ofDays(365 * 1000)).backoff(60))
                .isEqualTo(Duration.ofSeconds(5).multipliedBy(1L << 20));
    }

    @Test
    void theLastAllowedFailureInARowFinishesTheStepFailedForAPersonToLookAt() {
        // given three failures in a row before, max attempts 4
        // when the fourth poll fails
        PendingPollRule.Next next = RULE.failed(STEP, 3, "java.net.ConnectException", NOW);

        // then
        CategoryResult result = ((PendingPollRule.Finish) next).result();
        assertThat(result.failure().retryable()).isFalse();
        assertThat(result.failure().reason()).isEqualTo("asking the processor again failed 4 times in a row");
        assertThat(result.verification()).isEqualTo("not verified");
    }

    @Test
    void aStepOfAProcessorNoLongerHostedIsFinishedFailedWithoutAsking() {
        CategoryResult result = PendingPollRule.notHosted(STEP).result();

        assertThat(result.failure().retryable()).isFalse();
        assertThat(result.failure().reason()).isEqualTo("processor shop is no longer hosted by this connector");
    }

    @Test
    void theFinalOutcomeHasAnIdOfItsStepAndTheCategoryAsTheCommandNamedIt() {
        // given the stored command (its category carries retention handles)
        CategoryCommand orders = new CategoryCommand("orders", Action.ERASE, List.of("17"));
        ProcessorCommandV1 command = new ProcessorCommandV1(
                STEP.commandId(),
                STEP.requestId(),
                "shop",
                RequestType.ERASURE,
                Jurisdiction.SE,
                new Subject("pseudo", List.of(), null),
                List.of(orders),
                NOW,
                1);

        // when it is finished twice
        ProcessorOutcomeV1 first = PendingPollRule.finalOutcome(STEP, command, CategoryResult.of(2, 0, "read"), NOW);
        ProcessorOutcomeV1 second =
                PendingPollRule.finalOutcome(STEP, command, CategoryResult.of(2, 0, "read"), NOW.plusSeconds(1));

        // then both carry the same ids: one outcome, whoever finishes it
        assertThat(first.status()).isEqualTo(OutcomeStatus.ERASED);
        assertThat(first.completedAt()).isEqualTo(NOW);
        assertThat(first.outcomeId()).isEqualTo(second.outcomeId());
        assertThat(PendingPollRule.finalMessageId(STEP))
                .isNotEqualTo(first.outcomeId())
                .isEqualTo(PendingPollRule.finalMessageId(STEP));
    }
}
