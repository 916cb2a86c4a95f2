package org.dsr.orchestrator.saga;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.contracts.event.ProcessorOutcomeV1;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.orchestrator.saga.SagaService.Loaded;
import org.dsr.orchestrator.saga.machine.Decision;
import org.dsr.orchestrator.saga.machine.SagaEvent;

/**
 * What an operator may do by hand. Every action is recorded with who, when and why. The saga machine decides whether
 * the action is allowed and what it does; a refusal is a 409 (or a 404 for a step the saga does not have).
 */
@ApplicationScoped
public class OperatorService {

    private final SagaService sagas;
    private final OperatorActionRepository actions;
    private final Clock clock;

    public OperatorService(SagaService sagas, OperatorActionRepository actions, Clock clock) {
        this.sagas = sagas;
        this.actions = actions;
        this.clock = clock;
    }

    public Uni<Void> retryStep(UUID requestId, String processor, String actor, String reason) {
        return act(
                requestId,
                processor,
                "RETRY_STEP",
                actor,
                reason,
                loaded -> Uni.createFrom().item(new SagaEvent.RetryRequested(processor, actor)));
    }

    /**
     * The operator confirms the processor acted (for example through its own console): every open category gets an
     * outcome that says so, with the operator's note as evidence. Unsigned, so the record shows it was by hand.
     */
    public Uni<Void> markDone(UUID requestId, String processor, String actor, String note) {
        return act(requestId, processor, "MARK_DONE", actor, note, loaded -> {
            SagaStep step = loaded.step(processor);
            Uni<Map<String, ProcessorOutcomeV1>> latest =
                    step == null ? Uni.createFrom().item(Map.of()) : sagas.latestOutcomes(step);
            return latest.map(outcomes -> new SagaEvent.MarkDoneRequested(processor, actor, note, outcomes));
        });
    }

    public Uni<Void> cancel(UUID requestId, String actor, String reason) {
        return act(
                requestId,
                null,
                "CANCEL",
                actor,
                reason,
                loaded -> Uni.createFrom().item(new SagaEvent.CancelRequested(actor, reason)));
    }

    /** Art. 12(3): once, by at most two further months, with the reason (the subject must be told within the first month). */
    public Uni<Void> extendDeadline(UUID requestId, int months, String actor, String reason) {
        if (months < 1 || months > 2) {
            return Uni.createFrom()
                    .failure(new ProblemException(Problem.of(
                            "invalid-extension",
                            "Invalid extension",
                            400,
                            "A deadline can be extended by one or two months",
                            null)));
        }
        if (reason == null || reason.isBlank()) {
            return reasonRequired();
        }
        return act(
                requestId,
                null,
                "EXTEND_DEADLINE",
                actor,
                months + " month(s): " + reason,
                loaded -> Uni.createFrom().item(new SagaEvent.ExtensionRequested(months, reason)));
    }

    private Uni<Void> act(
            UUID requestId,
            String processor,
            String action,
            String actor,
            String reason,
            Function<Loaded, Uni<? extends SagaEvent>> event) {
        if (reason == null || reason.isBlank()) {
            return reasonRequired();
        }
        return Panache.withTransaction(() -> sagas.load(requestId).flatMap(loaded -> {
            if (loaded == null) {
                return Uni.createFrom().failure(ProblemException.notFound("saga " + requestId));
            }
            return event.apply(loaded)
                    .flatMap(e -> sagas.handle(loaded, e))
                    .flatMap(decision -> decision.isRefused()
                            ? Uni.createFrom().failure(refusal(decision.refusal()))
                            : actions.persist(OperatorAction.of(
                                            requestId, processor, action, actor, reason, clock.instant()))
                                    .replaceWithVoid());
        }));
    }

    private static ProblemException refusal(Decision.Refusal refusal) {
        return switch (refusal.kind()) {
            case NOT_FOUND -> ProblemException.notFound(refusal.detail());
            case CONFLICT -> new ProblemException(Problem.of("conflict", "Conflict", 409, refusal.detail(), null));
        };
    }

    private static Uni<Void> reasonRequired() {
        return Uni.createFrom()
                .failure(new ProblemException(Problem.of(
                                "reason-required", "Reason required", 400, "Every operator action needs a reason", null)
                        .withErrors(List.of(new Problem.FieldError("reason", "must not be blank")))));
    }
}
