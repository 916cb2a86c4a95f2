package org.dsr.orchestrator.saga.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.Failure;
import org.dsr.contracts.event.Jurisdiction;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.event.RequestType;
import org.dsr.contracts.event.Retention;
import org.dsr.contracts.subject.Subject;
import org.dsr.contracts.time.Deadlines;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.policy.PolicyLoader;
import org.dsr.orchestrator.saga.SagaStatus;
import org.dsr.orchestrator.saga.StepStatus;
import org.dsr.orchestrator.saga.machine.Decision.Dispatch;
import org.dsr.orchestrator.saga.machine.Decision.Refusal;
import org.dsr.orchestrator.saga.machine.Decision.StoreOutcome;
import org.dsr.orchestrator.saga.machine.SagaEvent.CancelRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.DeferredErasureConfirmed;
import org.dsr.orchestrator.saga.machine.SagaEvent.ExtensionRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.MarkDoneRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.OutcomesReceived;
import org.dsr.orchestrator.saga.machine.SagaEvent.RetryRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.StepDue;
import org.dsr.orchestrator.saga.machine.SagaState.Step;
import org.dsr.testsupport.SettableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The saga's rules without Kafka, a database or waiting: the test policy, the test profile's settings (3 attempts,
 * 300 ms backoff; legacy-crm times out after 2 s), a clock the test moves and a fixed jitter.
 */
class SagaMachineTest {

    static final Policy POLICY = PolicyLoader.load(Optional.of(Path.of("src/test/resources/test-policy.yaml")));
    static final Instant START = Instant.parse("2026-03-02T09:00:00Z");

    SettableClock clock;
    SagaMachine machine;
    long ids;

    @BeforeEach
    void machine() {
        clock = new SettableClock(START);
        machine = machine(POLICY);
    }

    SagaMachine machine(Policy policy) {
        return new SagaMachine(
                new SagaRules(3, Duration.ofMillis(300), Duration.ofHours(1), Duration.ofMinutes(15), policy),
                clock,
                Jitter.fixed(0.5),
                () -> new UUID(0, ++ids));
    }

    static RequestSubmittedV1 request(RequestType type, Instant received) {
        return new RequestSubmittedV1(
                UUID.randomUUID(),
                type,
                Jurisdiction.SE,
                new Subject("p-1", List.of(), null),
                received,
                Deadlines.dueAt(received, Jurisdiction.SE));
    }

    SagaState started(RequestType type) {
        return machine.start(request(type, START)).state();
    }

    static ProcessorOutcomeV1 outcome(
            Step step,
            UUID requestId,
            CategoryCommand category,
            OutcomeStatus status,
            Retention retention,
            Failure failure,
            Instant expectedCompletion) {
        return new ProcessorOutcomeV1(
                UUID.randomUUID(),
                step.commandId(),
                requestId,
                step.processor(),
                category.category(),
                category.action(),
                status,
                new Evidence(1, 0, "count by email"),
                retention,
                expectedCompletion,
                failure,
                START,
                null);
    }

    static OutcomeStatus positive(CategoryCommand category) {
        return switch (category.action()) {
            case RETAIN -> OutcomeStatus.RETAINED;
            case ANONYMISE -> OutcomeStatus.ANONYMISED;
            case RESTRICT -> OutcomeStatus.RESTRICTED;
            case LIFT_RESTRICTION -> OutcomeStatus.LIFTED;
            default -> OutcomeStatus.ERASED;
        };
    }

    /** The latest outcome per category of the step's command, one per category as {@code answer} says. */
    static Map<String, ProcessorOutcomeV1> answers(
            SagaState state, String processor, Function<CategoryCommand, ProcessorOutcomeV1> answer) {
        Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>();
        for (CategoryCommand category : state.stepOf(processor).categories()) {
            ProcessorOutcomeV1 outcome = answer.apply(category);
            if (outcome != null) {
                latest.put(category.category(), outcome);
            }
        }
        return latest;
    }

    static Map<String, ProcessorOutcomeV1> allPositive(SagaState state, String processor) {
        Step step = state.stepOf(processor);
        return answers(
                state,
                processor,
                c -> outcome(
                        step,
                        state.requestId(),
                        c,
                        positive(c),
                        c.action() == Action.RETAIN
                                ? new Retention("Bokföringslagen", LocalDate.of(2032, 12, 31), List.of("inv-1"))
                                : null,
                        null,
                        null));
    }

    /** As the service does: the step's latest outcomes, and whether any stored outcome of the request is RETAINED. */
    Decision receive(SagaState state, String processor, Map<String, ProcessorOutcomeV1> latest) {
        boolean retained =
                state.anyRetained() || latest.values().stream().anyMatch(o -> o.status() == OutcomeStatus.RETAINED);
        return machine.decide(
                state.withAnyRetained(retained),
                new OutcomesReceived(Map.of(state.stepOf(processor).id(), latest)));
    }

    SagaState allAnsweredExcept(SagaState state, String... open) {
        for (Step step : state.steps()) {
            if (!List.of(open).contains(step.processor())) {
                state = receive(state, step.processor(), allPositive(state, step.processor()))
                        .state();
            }
        }
        return state;
    }

    static List<Dispatch> dispatches(Decision decision) {
        List<Dispatch> result = new ArrayList<>();
        decision.commands().forEach(c -> {
            if (c instanceof Dispatch d) {
                result.add(d);
            }
        });
        return result;
    }

    @Nested
    class AStartedSaga {

        @Test
        void anErasureGetsAStepPerProcessorThatHoldsCategoriesEachDispatchedOnce() {
            // given an erasure request
            RequestSubmittedV1 request = request(RequestType.ERASURE, START);

            // when the saga starts
            Decision decision = machine.start(request);

            // then every processor with erasure categories gets its command, with attempt 1 and its timeout
            assertThat(decision.state().status()).isEqualTo(SagaStatus.IN_PROGRESS);
            assertThat(dispatches(decision))
                    .extracting(Dispatch::processor)
                    .containsExactly("hosting", "email-delivery", "analytics", "payments");
            assertThat(dispatches(decision)).allSatisfy(d -> {
                assertThat(d.attempt()).isEqualTo(1);
                assertThat(d.issuedAt()).isEqualTo(START);
            });
            assertThat(decision.state().stepOf("analytics").nextAttemptAt())
                    .isEqualTo(START.plus(Duration.ofMinutes(30)));
            assertThat(decision.transitions().get(0).cause()).isEqualTo("request received");
            assertThat(decision.transitions().get(1).cause())
                    .startsWith("first dispatch: command ")
                    .endsWith(", attempt 1");
            assertThat(decision.completed()).isFalse();
        }

        @Test
        void aRestrictionReachesOnlyTheProcessorsThatRestrict() {
            // given a restriction request; when it starts
            Decision decision = machine.start(request(RequestType.RESTRICTION, START));

            // then analytics, which restricts nothing, gets no command
            assertThat(dispatches(decision))
                    .extracting(Dispatch::processor)
                    .containsExactly("hosting", "email-delivery", "legacy-crm");
            assertThat(dispatches(decision))
                    .flatExtracting(Dispatch::categories)
                    .extracting(CategoryCommand::action)
                    .containsOnly(Action.RESTRICT);
        }

        @Test
        void liftingARestrictionReachesEveryProcessorThatRestricted() {
            // given the processors a restriction reaches
            List<String> restricted = dispatches(machine.start(request(RequestType.RESTRICTION, START))).stream()
                    .map(Dispatch::processor)
                    .toList();

            // when a lift starts
            Decision lift = machine.start(request(RequestType.LIFT_RESTRICTION, START));

            // then each of them is told to lift, and only to lift
            assertThat(dispatches(lift)).extracting(Dispatch::processor).containsExactlyElementsOf(restricted);
            assertThat(dispatches(lift))
                    .flatExtracting(Dispatch::categories)
                    .extracting(CategoryCommand::action)
                    .containsOnly(Action.LIFT_RESTRICTION);
        }

        @Test
        void aRequestNoProcessorHoldsCategoriesForCompletesAtOnce() {
            // given a policy with no processors
            SagaMachine empty = machine(new Policy(1, "Example", List.of()));

            // when a request starts
            Decision decision = empty.start(request(RequestType.ERASURE, START));

            // then it completes with its record due
            assertThat(decision.state().status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(decision.completed()).isTrue();
            assertThat(decision.transitions())
                    .last()
                    .satisfies(t ->
                            assertThat(t.cause()).isEqualTo("no processor holds categories for this request type"));
        }
    }

    @Nested
    class Outcomes {

        @Test
        void everyCategoryAnsweredCompletesTheStepAndTheLastStepTheSaga() {
            // given a restriction whose other steps are answered
            SagaState state = allAnsweredExcept(started(RequestType.RESTRICTION), "legacy-crm");
            assertThat(state.status()).isEqualTo(SagaStatus.IN_PROGRESS);
            clock.advance(Duration.ofSeconds(1));

            // when the last step's every category is answered
            Decision decision = receive(state, "legacy-crm", allPositive(state, "legacy-crm"));

            // then the step is done, its timer stops, and the saga completes with its record due
            Step step = decision.state().stepOf("legacy-crm");
            assertThat(step.status()).isEqualTo(StepStatus.DONE);
            assertThat(step.nextAttemptAt()).isNull();
            assertThat(step.completedAt()).isEqualTo(clock.instant());
            assertThat(decision.state().status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(decision.state().completedAt()).isEqualTo(clock.instant());
            assertThat(decision.completed()).isTrue();
            assertThat(decision.transitions())
                    .extracting(Decision.Transition::cause)
                    .containsExactly("every category answered: contact=RESTRICTED", "step legacy-crm is DONE");
        }

        @Test
        void aRetainedCategoryCompletesWithRetention() {
            // given an erasure; when every step is answered, payments retaining invoices
            SagaState state = allAnsweredExcept(started(RequestType.ERASURE));

            // then the saga is completed with retention
            assertThat(state.status()).isEqualTo(SagaStatus.COMPLETED_WITH_RETENTION);
        }

        @Test
        void aPartialAnswerKeepsTheStepDispatchedAndItsTimeoutRunning() {
            // given a started erasure
            SagaState state = started(RequestType.ERASURE);
            Step hosting = state.stepOf("hosting");

            // when only one category is answered
            Decision decision = receive(
                    state,
                    "hosting",
                    answers(
                            state,
                            "hosting",
                            c -> c.category().equals("account")
                                    ? outcome(hosting, state.requestId(), c, OutcomeStatus.ERASED, null, null, null)
                                    : null));

            // then nothing moves
            assertThat(decision.state().stepOf("hosting")).isEqualTo(hosting);
            assertThat(decision.transitions()).isEmpty();
        }

        @Test
        void aPendingAnswerAwaitsTheProcessorUntilItsExpectedCompletionPlusTimeout() {
            // given an erasure whose other steps are answered
            SagaState state = allAnsweredExcept(started(RequestType.ERASURE), "analytics");
            Step analytics = state.stepOf("analytics");
            Instant expected = START.plus(Duration.ofDays(40));

            // when analytics answers PENDING
            Decision decision = receive(
                    state,
                    "analytics",
                    answers(
                            state,
                            "analytics",
                            c -> outcome(
                                    analytics, state.requestId(), c, OutcomeStatus.PENDING, null, null, expected)));

            // then the step and the saga await the processor, and the watchdog looks again after the expected time
            Step step = decision.state().stepOf("analytics");
            assertThat(step.status()).isEqualTo(StepStatus.AWAITING_PROCESSOR);
            assertThat(step.expectedCompletion()).isEqualTo(expected);
            assertThat(step.nextAttemptAt()).isEqualTo(expected.plus(Duration.ofMinutes(30)));
            assertThat(decision.state().status()).isEqualTo(SagaStatus.AWAITING_PROCESSOR);
        }

        @Test
        void aPermanentFailureNeedsAttention() {
            // given a started erasure
            SagaState state = started(RequestType.ERASURE);
            Step analytics = state.stepOf("analytics");

            // when a category fails for good
            Decision decision = receive(
                    state,
                    "analytics",
                    answers(
                            state,
                            "analytics",
                            c -> c.category().equals("events")
                                    ? outcome(
                                            analytics,
                                            state.requestId(),
                                            c,
                                            OutcomeStatus.FAILED,
                                            null,
                                            new Failure(false, "12 rows still match after erasure"),
                                            null)
                                    : outcome(
                                            analytics, state.requestId(), c, OutcomeStatus.ERASED, null, null, null)));

            // then the step fails with the reason and the request needs attention
            Step step = decision.state().stepOf("analytics");
            assertThat(step.status()).isEqualTo(StepStatus.FAILED);
            assertThat(step.lastError()).isEqualTo("events: 12 rows still match after erasure");
            assertThat(step.nextAttemptAt()).isNull();
            assertThat(decision.state().status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
            assertThat(decision.completed()).isFalse();
        }

        @Test
        void aCancelledSagaIgnoresOutcomes() {
            // given a cancelled erasure
            SagaState state = machine.decide(started(RequestType.ERASURE), new CancelRequested("alice", "twice"))
                    .state();

            // when every step is answered
            SagaState after = allAnsweredExcept(state);

            // then it stays cancelled, with no record
            assertThat(after.status()).isEqualTo(SagaStatus.CANCELLED);
            assertThat(after.steps()).extracting(Step::status).containsOnly(StepStatus.DISPATCHED);
        }
    }

    @Nested
    class RetriesWithBackoff {

        SagaState state;
        Step hosting;

        @BeforeEach
        void aRetryableFailure() {
            // given an erasure whose hosting step answered one category with a retryable failure
            SagaState started = started(RequestType.ERASURE);
            Step step = started.stepOf("hosting");
            state = receive(
                            started,
                            "hosting",
                            answers(
                                    started,
                                    "hosting",
                                    c -> c.category().equals("sessions")
                                            ? outcome(
                                                    step,
                                                    started.requestId(),
                                                    c,
                                                    OutcomeStatus.FAILED,
                                                    null,
                                                    new Failure(true, "lock timeout"),
                                                    null)
                                            : outcome(step, started.requestId(), c, positive(c), null, null, null)))
                    .state();
            hosting = state.stepOf("hosting");
        }

        @Test
        void aRetryableFailureSchedulesARetryAfterABackoff() {
            // then the step waits for its retry: 300 ms base, first attempt, jitter 0.5 → 150 + 75 ms
            assertThat(hosting.status()).isEqualTo(StepStatus.RETRY_SCHEDULED);
            assertThat(hosting.nextAttemptAt()).isEqualTo(START.plus(Duration.ofMillis(225)));
            assertThat(hosting.lastError()).isEqualTo("sessions: lock timeout");
            assertThat(state.status()).isEqualTo(SagaStatus.IN_PROGRESS);
        }

        @Test
        void theRetryIsNotSentBeforeItsTime() {
            // when the watchdog looks too early (another instance's stale read)
            clock.advance(Duration.ofMillis(100));
            Decision decision = machine.decide(state, new StepDue(hosting.id()));

            // then nothing happens
            assertThat(decision.commands()).isEmpty();
            assertThat(decision.state()).isEqualTo(state);
        }

        @Test
        void whenDueTheSameCommandIsDispatchedAgainWithTheNextAttempt() {
            // when the retry is due
            clock.advance(Duration.ofMillis(225));
            Decision decision = machine.decide(state, new StepDue(hosting.id()));

            // then the same command goes out again, attempt 2, with a new timeout
            assertThat(dispatches(decision)).singleElement().satisfies(d -> {
                assertThat(d.commandId()).isEqualTo(hosting.commandId());
                assertThat(d.attempt()).isEqualTo(2);
                assertThat(d.issuedAt()).isEqualTo(clock.instant());
            });
            Step step = decision.state().stepOf("hosting");
            assertThat(step.status()).isEqualTo(StepStatus.DISPATCHED);
            assertThat(step.nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
            assertThat(decision.transitions()).first().satisfies(t -> {
                assertThat(t.from()).isEqualTo(StepStatus.RETRY_SCHEDULED);
                assertThat(t.cause())
                        .isEqualTo("retry after a retryable failure: command " + hosting.commandId() + ", attempt 2");
            });
        }

        @Test
        void aRetryableFailureOnTheLastAttemptNeedsAttention() {
            // given the step dispatched a third time (the last of 3 attempts)
            clock.advance(Duration.ofMillis(225));
            SagaState second = machine.decide(state, new StepDue(hosting.id())).state();
            SagaState again = receive(
                            second,
                            "hosting",
                            answers(
                                    second,
                                    "hosting",
                                    c -> outcome(
                                            hosting,
                                            second.requestId(),
                                            c,
                                            OutcomeStatus.FAILED,
                                            null,
                                            new Failure(true, "lock timeout"),
                                            null)))
                    .state();
            clock.advance(Duration.ofSeconds(1));
            SagaState third = machine.decide(again, new StepDue(hosting.id())).state();
            assertThat(third.stepOf("hosting").attempt()).isEqualTo(3);

            // when it fails retryably again
            Decision decision = receive(
                    third,
                    "hosting",
                    answers(
                            third,
                            "hosting",
                            c -> outcome(
                                    hosting,
                                    third.requestId(),
                                    c,
                                    OutcomeStatus.FAILED,
                                    null,
                                    new Failure(true, "lock timeout"),
                                    null)));

            // then it is not retried: the step failed and the request needs attention
            assertThat(decision.state().stepOf("hosting").status()).isEqualTo(StepStatus.FAILED);
            assertThat(decision.state().status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
            assertThat(decision.commands()).isEmpty();
        }

        @Test
        void backoffDoublesWithJitterAndIsCapped() {
            Duration base = Duration.ofSeconds(30);
            Duration max = Duration.ofHours(1);
            assertThat(SagaMachine.backoff(1, base, max, 0.0)).isEqualTo(Duration.ofSeconds(15));
            assertThat(SagaMachine.backoff(1, base, max, 1.0)).isEqualTo(Duration.ofSeconds(30));
            assertThat(SagaMachine.backoff(3, base, max, 1.0)).isEqualTo(Duration.ofSeconds(120));
            assertThat(SagaMachine.backoff(30, base, max, 1.0)).isEqualTo(max);
        }
    }

    @Nested
    class TimeoutsAndNeedsAttention {

        @Test
        void aStepWithoutAnswerIsDispatchedAgainAfterItsTimeoutThenNeedsAttention() {
            // given a restriction whose legacy-crm step (2 s timeout) never answers
            SagaState state = allAnsweredExcept(started(RequestType.RESTRICTION), "legacy-crm");
            UUID crm = state.stepOf("legacy-crm").id();
            List<Integer> attempts = new ArrayList<>();

            // when the watchdog finds it due after each timeout
            for (int i = 0; i < 2; i++) {
                clock.advance(Duration.ofSeconds(2));
                Decision decision = machine.decide(state, new StepDue(crm));
                dispatches(decision).forEach(d -> attempts.add(d.attempt()));
                assertThat(decision.transitions())
                        .first()
                        .satisfies(t -> assertThat(t.cause()).startsWith("no answer within the timeout: command "));
                state = decision.state();
            }
            clock.advance(Duration.ofSeconds(2));
            Decision last = machine.decide(state, new StepDue(crm));

            // then it was dispatched twice more, and after the third attempt the step failed and needs attention
            assertThat(attempts).containsExactly(2, 3);
            assertThat(last.commands()).isEmpty();
            assertThat(last.state().stepOf("legacy-crm").status()).isEqualTo(StepStatus.FAILED);
            assertThat(last.state().stepOf("legacy-crm").lastError())
                    .isEqualTo("no answer within the timeout, after 3 dispatches");
            assertThat(last.state().status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
            assertThat(last.transitions())
                    .extracting(Decision.Transition::cause)
                    .containsExactly(
                            "no answer within the timeout, after 3 dispatches",
                            "step legacy-crm failed: no answer within the timeout, after 3 dispatches");
        }

        @Test
        void anAwaitedProcessorPastItsExpectedCompletionIsDispatchedAgain() {
            // given an analytics step awaiting the processor
            SagaState started = started(RequestType.ERASURE);
            Step analytics = started.stepOf("analytics");
            Instant expected = START.plus(Duration.ofHours(1));
            SagaState state = receive(
                            started,
                            "analytics",
                            answers(
                                    started,
                                    "analytics",
                                    c -> outcome(
                                            analytics,
                                            started.requestId(),
                                            c,
                                            OutcomeStatus.PENDING,
                                            null,
                                            null,
                                            expected)))
                    .state();

            // when the expected completion and the timeout have passed
            clock.advance(Duration.ofHours(1).plus(Duration.ofMinutes(30)));
            Decision decision = machine.decide(state, new StepDue(analytics.id()));

            // then the command goes out again
            assertThat(dispatches(decision))
                    .singleElement()
                    .satisfies(d -> assertThat(d.attempt()).isEqualTo(2));
            assertThat(decision.transitions())
                    .first()
                    .satisfies(t -> assertThat(t.cause())
                            .startsWith("no final answer after the expected completion: command "));
        }

        @Test
        void aClosedStepFoundDueOnlyLosesItsTimer() {
            // given a done step that still carries a time (a stale row)
            SagaState answered = receive(
                            started(RequestType.ERASURE),
                            "hosting",
                            allPositive(started(RequestType.ERASURE), "hosting"))
                    .state();
            Step done = answered.stepOf("hosting");
            SagaState state = answered.withStep(done.withNextAttemptAt(START));

            // when the watchdog finds it due
            Decision decision = machine.decide(state, new StepDue(done.id()));

            // then nothing is sent and the time is cleared
            assertThat(decision.commands()).isEmpty();
            assertThat(decision.transitions()).isEmpty();
            assertThat(decision.state().stepOf("hosting").nextAttemptAt()).isNull();
        }
    }

    @Nested
    class OperatorActions {

        SagaState needsAttention() {
            SagaState state = allAnsweredExcept(started(RequestType.RESTRICTION), "legacy-crm");
            UUID crm = state.stepOf("legacy-crm").id();
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(2));
                state = machine.decide(state, new StepDue(crm)).state();
            }
            assertThat(state.status()).isEqualTo(SagaStatus.NEEDS_ATTENTION);
            return state;
        }

        @Test
        void aRetryDispatchesTheStepAgainAndTheRequestIsInProgressAgain() {
            // given a request that needs attention
            SagaState state = needsAttention();

            // when an operator retries the failed step
            Decision decision = machine.decide(state, new RetryRequested("legacy-crm", "alice"));

            // then the command goes out again, and the saga is back in progress
            assertThat(dispatches(decision))
                    .singleElement()
                    .satisfies(d -> assertThat(d.attempt()).isEqualTo(4));
            assertThat(decision.state().status()).isEqualTo(SagaStatus.IN_PROGRESS);
            assertThat(decision.transitions())
                    .extracting(Decision.Transition::cause)
                    .containsExactly(
                            "retried by alice: command "
                                    + state.stepOf("legacy-crm").commandId() + ", attempt 4",
                            "step legacy-crm retried by an operator");
        }

        @Test
        void aDoneStepOrAnUnknownOneCannotBeRetried() {
            // given a request with a done hosting step
            SagaState state = needsAttention();

            // when an operator retries it, or a step the saga does not have, then each is refused
            assertThat(machine.decide(state, new RetryRequested("hosting", "alice"))
                            .refusal())
                    .isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "step hosting is done; nothing to retry"));
            assertThat(machine.decide(state, new RetryRequested("analytics", "alice"))
                            .refusal())
                    .isEqualTo(new Refusal(Refusal.Kind.NOT_FOUND, "step analytics"));
        }

        @Test
        void markingAStepDoneStoresAnOutcomePerOpenCategoryAndCompletesTheRequest() {
            // given a request that needs attention
            SagaState state = needsAttention();
            clock.advance(Duration.ofMinutes(1));

            // when an operator marks the failed step done
            Decision decision = machine.decide(
                    state,
                    new MarkDoneRequested(
                            "legacy-crm", "alice", "restricted by hand in the CRM console, ticket 4711", Map.of()));

            // then an unsigned outcome by hand is stored for the open category, and the request completes
            assertThat(decision.commands()).singleElement().isInstanceOfSatisfying(StoreOutcome.class, s -> {
                assertThat(s.outcome().status()).isEqualTo(OutcomeStatus.RESTRICTED);
                assertThat(s.outcome().commandId())
                        .isEqualTo(state.stepOf("legacy-crm").commandId());
                assertThat(s.outcome().evidence().verification())
                        .isEqualTo("marked done by hand by alice: restricted by hand in the CRM console, ticket 4711");
                assertThat(s.outcome().signature()).isNull();
                assertThat(s.receivedAt()).isEqualTo(clock.instant());
            });
            assertThat(decision.state().stepOf("legacy-crm").status()).isEqualTo(StepStatus.DONE);
            assertThat(decision.state().status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(decision.completed()).isTrue();
        }

        @Test
        void markingDoneLeavesAlreadyAnsweredCategoriesAlone() {
            // given a hosting step with one category answered
            SagaState state = started(RequestType.ERASURE);
            Map<String, ProcessorOutcomeV1> latest = answers(
                    state,
                    "hosting",
                    c -> c.category().equals("account")
                            ? outcome(
                                    state.stepOf("hosting"),
                                    state.requestId(),
                                    c,
                                    OutcomeStatus.ERASED,
                                    null,
                                    null,
                                    null)
                            : null);

            // when an operator marks it done
            Decision decision = machine.decide(state, new MarkDoneRequested("hosting", "alice", "note", latest));

            // then the other four categories get an outcome by hand, the answered one does not
            assertThat(decision.commands())
                    .hasSize(4)
                    .allSatisfy(c ->
                            assertThat(((StoreOutcome) c).outcome().category()).isNotEqualTo("account"));
            assertThat(decision.state().stepOf("hosting").status()).isEqualTo(StepStatus.DONE);
        }

        @Test
        void aCancelledRequestStopsItsTimersAndStaysCancelled() {
            // given a started erasure
            SagaState state = started(RequestType.ERASURE);

            // when an operator cancels it
            Decision decision = machine.decide(state, new CancelRequested("alice", "submitted twice by mistake"));

            // then it is cancelled, nothing is due any more, and it cannot be cancelled again
            assertThat(decision.state().status()).isEqualTo(SagaStatus.CANCELLED);
            assertThat(decision.state().steps()).extracting(Step::nextAttemptAt).containsOnlyNulls();
            assertThat(decision.transitions())
                    .singleElement()
                    .satisfies(t -> assertThat(t.cause()).isEqualTo("cancelled by alice: submitted twice by mistake"));
            assertThat(machine.decide(decision.state(), new CancelRequested("alice", "again"))
                            .refusal())
                    .isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "the request is CANCELLED and cannot be cancelled"));
            assertThat(machine.decide(decision.state(), new RetryRequested("hosting", "alice"))
                            .refusal())
                    .isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "the request is CANCELLED"));
        }

        @Test
        void aCompletedRequestCannotBeCancelled() {
            SagaState completed = allAnsweredExcept(started(RequestType.ERASURE));
            assertThat(machine.decide(completed, new CancelRequested("alice", "late"))
                            .refusal())
                    .isEqualTo(new Refusal(
                            Refusal.Kind.CONFLICT, "the request is COMPLETED_WITH_RETENTION and cannot be cancelled"));
        }

        @Test
        void aDeadlineIsExtendedOnceFromTheDayOfReceipt() {
            // given a request received on 31 January
            SagaState state = machine.start(request(RequestType.ERASURE, Instant.parse("2026-01-31T10:00:00Z")))
                    .state();

            // when an operator extends it by two months
            Decision decision = machine.decide(state, new ExtensionRequested(2, "backups must be searched"));

            // then the due date moves to three months after receipt, the old one and the reason are kept
            assertThat(decision.state().originalDueAt()).isEqualTo(Instant.parse("2026-02-28T22:59:59Z"));
            assertThat(decision.state().dueAt()).isEqualTo(Instant.parse("2026-04-30T21:59:59Z"));
            assertThat(decision.state().extensionReason()).isEqualTo("backups must be searched");
            assertThat(decision.transitions()).isEmpty();
            // and a second extension is refused
            assertThat(machine.decide(decision.state(), new ExtensionRequested(1, "more"))
                            .refusal())
                    .isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "the deadline was extended already"));
        }

        @Test
        void aClosedRequestIsNotExtended() {
            SagaState completed = allAnsweredExcept(started(RequestType.ERASURE));
            assertThat(machine.decide(completed, new ExtensionRequested(1, "late"))
                            .refusal())
                    .isEqualTo(new Refusal(Refusal.Kind.CONFLICT, "the request is COMPLETED_WITH_RETENTION"));
        }
    }

    @Nested
    class DeferredErasure {

        @Test
        void whenTheLastRetentionIsErasedTheRequestIsCompleted() {
            // given a request completed with retention
            SagaState state = allAnsweredExcept(started(RequestType.ERASURE));

            // when a deferred erasure is confirmed and nothing is retained any more
            Decision decision = machine.decide(
                    state,
                    new DeferredErasureConfirmed(false, "deferred erasure of payments/invoices confirmed: ERASED"));

            // then the request is completed, without a second first record
            assertThat(decision.state().status()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(decision.transitions())
                    .singleElement()
                    .satisfies(t ->
                            assertThat(t.cause()).isEqualTo("deferred erasure of payments/invoices confirmed: ERASED"));
            assertThat(decision.completed()).isFalse();
        }

        @Test
        void whileSomethingIsStillRetainedTheStatusStays() {
            SagaState state = allAnsweredExcept(started(RequestType.ERASURE));
            Decision decision = machine.decide(state, new DeferredErasureConfirmed(true, "confirmed"));
            assertThat(decision.state().status()).isEqualTo(SagaStatus.COMPLETED_WITH_RETENTION);
            assertThat(decision.transitions()).isEmpty();
        }
    }

    /** The step's and the saga's status as functions of outcomes and step statuses. */
    @Nested
    class StatusRules {

        private static final List<CategoryCommand> CATEGORIES = List.of(
                new CategoryCommand("account", Action.ERASE), new CategoryCommand("access-logs", Action.ANONYMISE));

        private static ProcessorOutcomeV1 outcome(String category, OutcomeStatus status) {
            return new ProcessorOutcomeV1(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    "hosting",
                    category,
                    Action.ERASE,
                    status,
                    null,
                    null,
                    null,
                    status == OutcomeStatus.FAILED ? new Failure(false, "table locked") : null,
                    START,
                    null);
        }

        @Test
        void aStepIsDoneOnlyWhenEveryCategoryHasAPositiveOutcome() {
            assertThat(SagaMachine.stepStatus(CATEGORIES, Map.of(), 1, 3)).isEqualTo(StepStatus.DISPATCHED);
            assertThat(SagaMachine.stepStatus(
                            CATEGORIES, Map.of("account", outcome("account", OutcomeStatus.ERASED)), 1, 3))
                    .as("one category still missing: not done")
                    .isEqualTo(StepStatus.DISPATCHED);
            assertThat(SagaMachine.stepStatus(
                            CATEGORIES,
                            Map.of(
                                    "account",
                                    outcome("account", OutcomeStatus.ERASED),
                                    "access-logs",
                                    outcome("access-logs", OutcomeStatus.NOT_FOUND)),
                            1,
                            3))
                    .isEqualTo(StepStatus.DONE);
        }

        @Test
        void anOutcomeForACategoryNotInTheCommandDoesNotCompleteTheStep() {
            assertThat(SagaMachine.stepStatus(
                            CATEGORIES,
                            Map.of(
                                    "account",
                                    outcome("account", OutcomeStatus.ERASED),
                                    "profile",
                                    outcome("profile", OutcomeStatus.ERASED)),
                            1,
                            3))
                    .isEqualTo(StepStatus.DISPATCHED);
        }

        @Test
        void aFailureOrAPendingAnswerIsNeverSkipped() {
            assertThat(SagaMachine.stepStatus(
                            CATEGORIES,
                            Map.of(
                                    "account",
                                    outcome("account", OutcomeStatus.ERASED),
                                    "access-logs",
                                    outcome("access-logs", OutcomeStatus.FAILED)),
                            1,
                            3))
                    .isEqualTo(StepStatus.FAILED);
            assertThat(SagaMachine.stepStatus(
                            CATEGORIES,
                            Map.of(
                                    "account",
                                    outcome("account", OutcomeStatus.PENDING),
                                    "access-logs",
                                    outcome("access-logs", OutcomeStatus.ERASED)),
                            1,
                            3))
                    .isEqualTo(StepStatus.AWAITING_PROCESSOR);
        }

        @Test
        void aRetryableFailureIsRetriedUntilTheAttemptsAreSpent() {
            ProcessorOutcomeV1 retryable = new ProcessorOutcomeV1(
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    UUID.randomUUID(),
                    "hosting",
                    "access-logs",
                    Action.ANONYMISE,
                    OutcomeStatus.FAILED,
                    null,
                    null,
                    null,
                    new Failure(true, "lock timeout"),
                    START,
                    null);
            Map<String, ProcessorOutcomeV1> latest =
                    Map.of("account", outcome("account", OutcomeStatus.ERASED), "access-logs", retryable);
            assertThat(SagaMachine.stepStatus(CATEGORIES, latest, 1, 3)).isEqualTo(StepStatus.RETRY_SCHEDULED);
            assertThat(SagaMachine.stepStatus(CATEGORIES, latest, 3, 3)).isEqualTo(StepStatus.FAILED);
        }

        @Test
        void theSagaCompletesOnlyWhenEveryStepIsDone() {
            assertThat(SagaMachine.sagaStatus(List.of(StepStatus.DONE, StepStatus.DISPATCHED), false))
                    .isEqualTo(SagaStatus.IN_PROGRESS);
            assertThat(SagaMachine.sagaStatus(List.of(StepStatus.DONE, StepStatus.AWAITING_PROCESSOR), false))
                    .isEqualTo(SagaStatus.AWAITING_PROCESSOR);
            assertThat(SagaMachine.sagaStatus(List.of(StepStatus.DONE, StepStatus.FAILED), false))
                    .isEqualTo(SagaStatus.NEEDS_ATTENTION);
            assertThat(SagaMachine.sagaStatus(List.of(StepStatus.DONE, StepStatus.DONE), false))
                    .isEqualTo(SagaStatus.COMPLETED);
            assertThat(SagaMachine.sagaStatus(List.of(StepStatus.DONE, StepStatus.DONE), true))
                    .isEqualTo(SagaStatus.COMPLETED_WITH_RETENTION);
        }
    }
}
