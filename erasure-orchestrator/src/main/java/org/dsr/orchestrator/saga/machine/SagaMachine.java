package org.dsr.orchestrator.saga.machine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.event.RequestSubmittedV1;
import org.dsr.contracts.time.Deadlines;
import org.dsr.orchestrator.policy.Policy;
import org.dsr.orchestrator.saga.SagaStatus;
import org.dsr.orchestrator.saga.StepStatus;
import org.dsr.orchestrator.saga.machine.Decision.Command;
import org.dsr.orchestrator.saga.machine.Decision.Refusal;
import org.dsr.orchestrator.saga.machine.Decision.Transition;
import org.dsr.orchestrator.saga.machine.SagaEvent.CancelRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.DeferredErasureConfirmed;
import org.dsr.orchestrator.saga.machine.SagaEvent.ExtensionRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.MarkDoneRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.OutcomesReceived;
import org.dsr.orchestrator.saga.machine.SagaEvent.RetryRequested;
import org.dsr.orchestrator.saga.machine.SagaEvent.StepDue;
import org.dsr.orchestrator.saga.machine.SagaState.Step;

/**
 * The saga's rules as a plain state machine, so they are tested without Kafka or a database: given a saga's state and
 * an event, it returns the new state, the commands to send and the transitions to record. Time comes from the clock,
 * backoff jitter from the injected source, ids from the injected supplier; nothing here reads or writes anything.
 *
 * <p>A request is complete only when every category of every step has a positive final outcome: nothing is skipped
 * silently. A retryable failure is dispatched again with backoff; a step without an answer is dispatched again after
 * its timeout; when the attempts are spent, the step and the request need attention.
 */
public final class SagaMachine {

    private final SagaRules rules;
    private final Clock clock;
    private final Jitter jitter;
    private final Supplier<UUID> ids;

    public SagaMachine(SagaRules rules, Clock clock, Jitter jitter, Supplier<UUID> ids) {
        this.rules = rules;
        this.clock = clock;
        this.jitter = jitter;
        this.ids = ids;
    }

    public SagaRules rules() {
        return rules;
    }

    /** A new saga: a step per processor the policy names for the request type, each dispatched a first time. */
    public Decision start(RequestSubmittedV1 request) {
        Instant now = clock.instant();
        List<Step> steps = new ArrayList<>();
        for (Policy.Processor processor : rules.policy().processors()) {
            List<CategoryCommand> categories = processor.commandsFor(request.type());
            if (!categories.isEmpty()) {
                steps.add(new Step(
                        ids.get(),
                        processor.name(),
                        StepStatus.DISPATCHED,
                        ids.get(),
                        0,
                        categories,
                        null,
                        null,
                        null,
                        null,
                        null));
            }
        }
        SagaState created = new SagaState(
                request.requestId(),
                request.type(),
                request.jurisdiction(),
                SagaStatus.IN_PROGRESS,
                request.receivedAt(),
                request.dueAt(),
                null,
                null,
                now,
                null,
                false,
                steps);
        Work work = new Work(created, now);
        work.transitions.add(
                new Transition(null, SagaStatus.RECEIVED, SagaStatus.IN_PROGRESS, "request received", now));
        for (Step step : steps) {
            work.dispatch(step.id(), "first dispatch");
        }
        if (steps.isEmpty()) {
            work.evaluate("no processor holds categories for this request type");
        }
        return work.decision();
    }

    public Decision decide(SagaState state, SagaEvent event) {
        Work work = new Work(state, clock.instant());
        if (event instanceof OutcomesReceived e) {
            work.onOutcomes(e);
        } else if (event instanceof StepDue e) {
            work.onDue(e);
        } else if (event instanceof RetryRequested e) {
            work.onRetry(e);
        } else if (event instanceof MarkDoneRequested e) {
            work.onMarkDone(e);
        } else if (event instanceof CancelRequested e) {
            work.onCancel(e);
        } else if (event instanceof ExtensionRequested e) {
            work.onExtension(e);
        } else if (event instanceof DeferredErasureConfirmed e) {
            work.onDeferredConfirmed(e);
        } else {
            throw new IllegalArgumentException("unknown event " + event);
        }
        return work.decision();
    }

    /** One decision in the making. */
    private final class Work {

        private SagaState state;
        private final Instant now;
        private final List<Command> commands = new ArrayList<>();
        private final List<Transition> transitions = new ArrayList<>();
        private boolean completed;
        private Refusal refusal;

        Work(SagaState state, Instant now) {
            this.state = state;
            this.now = now;
        }

        Decision decision() {
            return refusal != null
                    ? Decision.refused(state, refusal.kind(), refusal.detail())
                    : new Decision(state, commands, transitions, completed, null);
        }

        private void refuse(Refusal.Kind kind, String detail) {
            refusal = new Refusal(kind, detail);
        }

        void onOutcomes(OutcomesReceived event) {
            if (state.status() == SagaStatus.CANCELLED) {
                return;
            }
            String cause = null;
            for (Map.Entry<UUID, Map<String, ProcessorOutcomeV1>> answered :
                    event.latestByStep().entrySet()) {
                String moved = redecide(answered.getKey(), answered.getValue());
                cause = moved != null ? moved : cause;
            }
            if (cause != null) {
                evaluate(cause);
            }
        }

        void onDue(StepDue event) {
            Step step = state.step(event.stepId());
            // another instance may have handled it between the watchdog's read and its lock
            if (step == null
                    || step.nextAttemptAt() == null
                    || step.nextAttemptAt().isAfter(now)) {
                return;
            }
            if (state.status() == SagaStatus.CANCELLED || !step.status().isOpen()) {
                state = state.withStep(step.withNextAttemptAt(null));
                return;
            }
            String why = step.status() == StepStatus.RETRY_SCHEDULED
                    ? "retry after a retryable failure"
                    : step.status() == StepStatus.AWAITING_PROCESSOR
                            ? "no final answer after the expected completion"
                            : "no answer within the timeout";
            if (step.attempt() >= rules.maxAttempts()) {
                fail(step, why + ", after " + step.attempt() + " dispatches");
                return;
            }
            dispatch(step.id(), why);
            evaluate("step " + step.processor() + " dispatched again");
        }

        void onRetry(RetryRequested event) {
            Step step = openStep(event.processor());
            if (step == null) {
                return;
            }
            if (step.status() == StepStatus.DONE) {
                refuse(Refusal.Kind.CONFLICT, "step " + event.processor() + " is done; nothing to retry");
                return;
            }
            dispatch(step.id(), "retried by " + event.actor());
            evaluate("step " + event.processor() + " retried by an operator");
        }

        void onMarkDone(MarkDoneRequested event) {
            Step step = openStep(event.processor());
            if (step == null) {
                return;
            }
            if (step.status() == StepStatus.DONE) {
                refuse(Refusal.Kind.CONFLICT, "step " + event.processor() + " is done already");
                return;
            }
            Map<String, ProcessorOutcomeV1> latest = new LinkedHashMap<>(event.latest());
            boolean retained = state.anyRetained();
            for (CategoryCommand category : step.categories()) {
                ProcessorOutcomeV1 current = latest.get(category.category());
                if (current != null && current.status().isPositive()) {
                    continue;
                }
                ProcessorOutcomeV1 manual = new ProcessorOutcomeV1(
                        ids.get(),
                        step.commandId(),
                        state.requestId(),
                        step.processor(),
                        category.category(),
                        category.action(),
                        statusFor(category.action()),
                        new Evidence(0, 0, "marked done by hand by " + event.actor() + ": " + event.note()),
                        null,
                        null,
                        null,
                        now,
                        null);
                commands.add(new Decision.StoreOutcome(manual, now));
                latest.put(category.category(), manual);
                retained |= manual.status() == OutcomeStatus.RETAINED;
            }
            state = state.withAnyRetained(retained);
            String cause = redecide(step.id(), latest);
            if (cause != null) {
                evaluate(cause);
            }
        }

        void onCancel(CancelRequested event) {
            if (!state.isOpen()) {
                refuse(Refusal.Kind.CONFLICT, "the request is " + state.status() + " and cannot be cancelled");
                return;
            }
            state = state.mapSteps(step -> step.withNextAttemptAt(null));
            transition(SagaStatus.CANCELLED, "cancelled by " + event.actor() + ": " + event.reason());
        }

        void onExtension(ExtensionRequested event) {
            if (state.originalDueAt() != null) {
                refuse(Refusal.Kind.CONFLICT, "the deadline was extended already");
                return;
            }
            if (!state.isOpen()) {
                refuse(Refusal.Kind.CONFLICT, "the request is " + state.status());
                return;
            }
            state = state.extended(
                    Deadlines.plusMonths(state.receivedAt(), state.jurisdiction(), 1 + event.months()),
                    event.reason(),
                    now);
        }

        void onDeferredConfirmed(DeferredErasureConfirmed event) {
            SagaStatus next = event.stillRetained() ? SagaStatus.COMPLETED_WITH_RETENTION : SagaStatus.COMPLETED;
            if (next != state.status()) {
                transition(next, event.cause());
            }
        }

        /** An operator's action on a step: only while the request is open, and only on a step it has. */
        private Step openStep(String processor) {
            if (!state.isOpen()) {
                refuse(Refusal.Kind.CONFLICT, "the request is " + state.status());
                return null;
            }
            Step step = state.stepOf(processor);
            if (step == null) {
                refuse(Refusal.Kind.NOT_FOUND, "step " + processor);
            }
            return step;
        }

        /** Dispatches the step's command (again): same command id, next attempt. */
        void dispatch(UUID stepId, String cause) {
            Step step = state.step(stepId);
            StepStatus previous = step.attempt() == 0 ? null : step.status();
            Step sent = step.dispatchedAgain(now, now.plus(rules.timeoutOf(step.processor())));
            state = state.withStep(sent);
            commands.add(new Decision.Dispatch(
                    sent.id(), sent.processor(), sent.commandId(), sent.attempt(), sent.categories(), now));
            transitions.add(new Transition(
                    sent.processor(),
                    previous,
                    StepStatus.DISPATCHED,
                    cause + ": command " + sent.commandId() + ", attempt " + sent.attempt(),
                    now));
        }

        private void fail(Step step, String reason) {
            state = state.withStep(
                    step.withStatus(StepStatus.FAILED).withNextAttemptAt(null).withLastError(reason));
            transitions.add(new Transition(step.processor(), step.status(), StepStatus.FAILED, reason, now));
            evaluate("step " + step.processor() + " failed: " + reason);
        }

        /**
         * Moves the step to what its latest outcomes say, recording the transition.
         *
         * @return the cause for the saga's evaluation when the step moved, else null
         */
        private String redecide(UUID stepId, Map<String, ProcessorOutcomeV1> latest) {
            Step step = state.step(stepId);
            StepStatus next = stepStatus(step.categories(), latest, step.attempt(), rules.maxAttempts());
            switch (next) {
                case DONE, FAILED -> step = step.withNextAttemptAt(null);
                case RETRY_SCHEDULED ->
                    step = step.withNextAttemptAt(now.plus(
                            backoff(step.attempt(), rules.retryBackoff(), rules.maxRetryBackoff(), jitter.next())));
                case AWAITING_PROCESSOR -> {
                    Instant expected = latest.values().stream()
                            .filter(o -> o.status() == OutcomeStatus.PENDING && o.expectedCompletion() != null)
                            .map(ProcessorOutcomeV1::expectedCompletion)
                            .max(Instant::compareTo)
                            .orElse(now);
                    step = step.withExpectedCompletion(expected)
                            .withNextAttemptAt(expected.plus(rules.timeoutOf(step.processor())));
                }
                case DISPATCHED -> {
                    // partial answers: the timeout of the dispatch still runs
                }
            }
            if (next == step.status()) {
                state = state.withStep(step);
                return null;
            }
            StepStatus previous = step.status();
            step = step.withStatus(next);
            if (next == StepStatus.DONE) {
                step = step.withCompletedAt(now).withLastError(null);
            }
            if (next == StepStatus.FAILED || next == StepStatus.RETRY_SCHEDULED) {
                step = step.withLastError(latest.values().stream()
                        .filter(o -> o.status() == OutcomeStatus.FAILED)
                        .map(o -> o.category() + ": "
                                + (o.failure() == null ? "failed" : o.failure().reason()))
                        .findFirst()
                        .orElse("failed"));
            }
            state = state.withStep(step);
            transitions.add(new Transition(step.processor(), previous, next, causeOf(next, latest), now));
            return "step " + step.processor() + " is " + next;
        }

        /** Moves the saga to what its steps say; a saga that completes now has its first record due. */
        void evaluate(String cause) {
            if (!state.isOpen()) {
                return;
            }
            SagaStatus next =
                    sagaStatus(state.steps().stream().map(Step::status).toList(), state.anyRetained());
            if (next == state.status()) {
                return;
            }
            transition(next, cause);
            if (next.isCompleted()) {
                state = state.withCompletedAt(state.updatedAt());
                completed = true;
            }
        }

        private void transition(SagaStatus next, String cause) {
            transitions.add(new Transition(null, state.status(), next, cause, now));
            state = state.withStatus(next, now);
        }
    }

    /** The outcome an operator's confirmation stands for. */
    static OutcomeStatus statusFor(Action action) {
        return switch (action) {
            case ERASE, DEFERRED_ERASE -> OutcomeStatus.ERASED;
            case ANONYMISE -> OutcomeStatus.ANONYMISED;
            case RESTRICT -> OutcomeStatus.RESTRICTED;
            case LIFT_RESTRICTION -> OutcomeStatus.LIFTED;
            case RETAIN -> OutcomeStatus.RETAINED;
        };
    }

    private static String causeOf(StepStatus next, Map<String, ProcessorOutcomeV1> latest) {
        return switch (next) {
            case DONE -> "every category answered: " + summary(latest);
            case FAILED -> "a category failed: " + summary(latest);
            case RETRY_SCHEDULED -> "a retryable failure, dispatched again after a backoff: " + summary(latest);
            case AWAITING_PROCESSOR -> "processor works asynchronously: " + summary(latest);
            case DISPATCHED -> "outcomes so far: " + summary(latest);
        };
    }

    private static String summary(Map<String, ProcessorOutcomeV1> latest) {
        StringBuilder sb = new StringBuilder();
        latest.values()
                .forEach(o -> sb.append(sb.isEmpty() ? "" : ", ")
                        .append(o.category())
                        .append('=')
                        .append(o.status()));
        return sb.toString();
    }

    /**
     * @param latest the most recent outcome per category of the step's current command
     * @param attempt dispatches so far
     * @param maxAttempts dispatches allowed before a retryable failure needs attention
     */
    public static StepStatus stepStatus(
            List<CategoryCommand> expected, Map<String, ProcessorOutcomeV1> latest, int attempt, int maxAttempts) {
        boolean allPositive = true;
        boolean pending = false;
        boolean retryable = false;
        for (CategoryCommand category : expected) {
            ProcessorOutcomeV1 outcome = latest.get(category.category());
            if (outcome == null) {
                allPositive = false;
            } else if (outcome.status() == OutcomeStatus.FAILED) {
                if (outcome.failure() == null || !outcome.failure().retryable() || attempt >= maxAttempts) {
                    return StepStatus.FAILED;
                }
                retryable = true;
                allPositive = false;
            } else if (outcome.status() == OutcomeStatus.PENDING) {
                allPositive = false;
                pending = true;
            }
        }
        if (retryable) {
            return StepStatus.RETRY_SCHEDULED;
        }
        return allPositive ? StepStatus.DONE : pending ? StepStatus.AWAITING_PROCESSOR : StepStatus.DISPATCHED;
    }

    /** Exponential backoff with full jitter in [base * 2^(attempt-1) / 2, base * 2^(attempt-1)], capped. */
    public static Duration backoff(int attempt, Duration base, Duration max, double random) {
        long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
        long capped = Math.min(exponential, max.toMillis());
        return Duration.ofMillis(capped / 2 + (long) (capped / 2.0 * random));
    }

    public static SagaStatus sagaStatus(Collection<StepStatus> steps, boolean anyRetained) {
        if (steps.contains(StepStatus.FAILED)) {
            return SagaStatus.NEEDS_ATTENTION;
        }
        if (steps.stream().allMatch(s -> s == StepStatus.DONE)) {
            return anyRetained ? SagaStatus.COMPLETED_WITH_RETENTION : SagaStatus.COMPLETED;
        }
        boolean othersDone = steps.stream().allMatch(s -> s == StepStatus.DONE || s == StepStatus.AWAITING_PROCESSOR);
        // RETRY_SCHEDULED and DISPATCHED: the orchestrator is still working on it
        return othersDone ? SagaStatus.AWAITING_PROCESSOR : SagaStatus.IN_PROGRESS;
    }
}
