package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.contracts.event.Action;
import org.dsr.contracts.event.CategoryCommand;
import org.dsr.contracts.event.Evidence;
import org.dsr.contracts.event.OutcomeStatus;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.contracts.json.Json;
import org.dsr.contracts.time.Deadlines;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;

/** What an operator may do by hand. Every action is recorded with who, when and why. */
@ApplicationScoped
public class OperatorService {

    private final SagaService sagas;

    public OperatorService(SagaService sagas) {
        this.sagas = sagas;
    }

    public Uni<Void> retryStep(UUID requestId, String processor, String actor, String reason) {
        return onStep(requestId, processor, "RETRY_STEP", actor, reason, (saga, step) -> {
            if (step.status == StepStatus.DONE) {
                return conflict("step " + processor + " is done; nothing to retry");
            }
            return sagas.dispatch(saga, step, "retried by " + actor)
                    .chain(() -> sagas.evaluate(saga, "step " + processor + " retried by an operator"));
        });
    }

    /**
     * The operator confirms the processor acted (for example through its own console): every open category gets an
     * outcome that says so, with the operator's note as evidence. Unsigned, so the record shows it was by hand.
     */
    public Uni<Void> markDone(UUID requestId, String processor, String actor, String note) {
        return onStep(requestId, processor, "MARK_DONE", actor, note, (saga, step) -> {
            if (step.status == StepStatus.DONE) {
                return conflict("step " + processor + " is done already");
            }
            return SagaService.latestOutcomes(step).flatMap(latest -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (CategoryCommand category : SagaService.categoriesOf(step)) {
                    ProcessorOutcomeV1 current = latest.get(category.category());
                    if (current != null && current.status().isPositive()) {
                        continue;
                    }
                    ProcessorOutcomeV1 manual = new ProcessorOutcomeV1(UUID.randomUUID(), step.commandId, requestId,
                            processor, category.category(), category.action(), statusFor(category.action()),
                            new Evidence(0, 0, "marked done by hand by " + actor + ": " + note), null, null, null,
                            Instant.now(), null);
                    chain = chain.chain(() -> SagaService.store(manual, Json.write(manual)));
                }
                return chain.chain(() -> sagas.updateStep(saga, step));
            });
        });
    }

    public Uni<Void> cancel(UUID requestId, String actor, String reason) {
        return onSaga(requestId, "CANCEL", actor, reason, saga -> {
            if (saga.status.isCompleted() || saga.status == SagaStatus.CANCELLED) {
                return conflict("the request is " + saga.status + " and cannot be cancelled");
            }
            return SagaStep.<SagaStep> list("requestId", requestId)
                    .invoke(steps -> steps.forEach(s -> s.nextAttemptAt = null))
                    .chain(() -> sagas.transition(saga, SagaStatus.CANCELLED, "cancelled by " + actor + ": " + reason));
        });
    }

    /** Art. 12(3): once, by at most two further months, with the reason (the subject must be told within the first month). */
    public Uni<Void> extendDeadline(UUID requestId, int months, String actor, String reason) {
        if (months < 1 || months > 2) {
            return Uni.createFrom().failure(new ProblemException(Problem.of("invalid-extension",
                    "Invalid extension", 400, "A deadline can be extended by one or two months", null)));
        }
        if (reason == null || reason.isBlank()) {
            return onSaga(requestId, "EXTEND_DEADLINE", actor, reason, saga -> Uni.createFrom().voidItem());
        }
        return onSaga(requestId, "EXTEND_DEADLINE", actor, months + " month(s): " + reason, saga -> {
            if (saga.originalDueAt != null) {
                return conflict("the deadline was extended already");
            }
            if (saga.status.isCompleted() || saga.status == SagaStatus.CANCELLED) {
                return conflict("the request is " + saga.status);
            }
            saga.originalDueAt = saga.dueAt;
            saga.dueAt = Deadlines.plusMonths(saga.receivedAt, saga.jurisdiction, 1 + months);
            saga.extensionReason = reason;
            saga.updatedAt = Instant.now();
            return Uni.createFrom().voidItem();
        });
    }

    private static OutcomeStatus statusFor(Action action) {
        return switch (action) {
            case ERASE, DEFERRED_ERASE -> OutcomeStatus.ERASED;
            case ANONYMISE -> OutcomeStatus.ANONYMISED;
            case RESTRICT -> OutcomeStatus.RESTRICTED;
            case LIFT_RESTRICTION -> OutcomeStatus.LIFTED;
            case RETAIN -> OutcomeStatus.RETAINED;
        };
    }

    private interface StepAction {
        Uni<Void> apply(Saga saga, SagaStep step);
    }

    private interface SagaAction {
        Uni<Void> apply(Saga saga);
    }

    private Uni<Void> onSaga(UUID requestId, String action, String actor, String reason, SagaAction work) {
        return act(requestId, null, action, actor, reason, work);
    }

    private Uni<Void> act(UUID requestId, String processor, String action, String actor, String reason,
            SagaAction work) {
        if (reason == null || reason.isBlank()) {
            return Uni.createFrom().failure(new ProblemException(Problem.of("reason-required", "Reason required",
                    400, "Every operator action needs a reason", null)
                    .withErrors(List.of(new Problem.FieldError("reason", "must not be blank")))));
        }
        return Panache.withTransaction(() -> SagaService.lock(requestId).flatMap(saga -> {
            if (saga == null) {
                return Uni.createFrom().failure(ProblemException.notFound("saga " + requestId));
            }
            return work.apply(saga).chain(() -> OperatorAction.of(requestId, processor, action, actor, reason).persist())
                    .replaceWithVoid();
        }));
    }

    private Uni<Void> onStep(UUID requestId, String processor, String action, String actor, String reason,
            StepAction work) {
        return act(requestId, processor, action, actor, reason, saga -> {
            if (saga.status == SagaStatus.CANCELLED || saga.status.isCompleted()) {
                return conflict("the request is " + saga.status);
            }
            return SagaStep.<SagaStep> find("requestId = ?1 and processor = ?2", requestId, processor).firstResult()
                    .flatMap(step -> step == null
                            ? Uni.createFrom().failure(ProblemException.notFound("step " + processor))
                            : work.apply(saga, step));
        });
    }

    private static Uni<Void> conflict(String detail) {
        return Uni.createFrom().failure(new ProblemException(Problem.of("conflict", "Conflict", 409, detail, null)));
    }
}
