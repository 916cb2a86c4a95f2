package org.dsr.orchestrator.saga;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.kit.security.Roles;
import org.dsr.orchestrator.deferred.DeferredErasureRepository;

/** What operators watch and do: sagas, their steps, the audit trail, and the hand actions. */
@Path("/api/v1/sagas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class SagaResource {

    private final OperatorService operators;
    private final Clock clock;
    private final SagaRepository sagas;
    private final SagaStepRepository steps;
    private final SagaTransitionRepository transitions;
    private final OperatorActionRepository actions;
    private final DeferredErasureRepository deferredErasures;

    public SagaResource(
            OperatorService operators,
            Clock clock,
            SagaRepository sagas,
            SagaStepRepository steps,
            SagaTransitionRepository transitions,
            OperatorActionRepository actions,
            DeferredErasureRepository deferredErasures) {
        this.operators = operators;
        this.clock = clock;
        this.sagas = sagas;
        this.steps = steps;
        this.transitions = transitions;
        this.actions = actions;
        this.deferredErasures = deferredErasures;
    }

    public record Deadline(
            Instant dueAt, Instant originalDueAt, String extensionReason, boolean overdue, boolean atRisk) {}

    public record SagaSummary(
            UUID requestId,
            String requestType,
            String jurisdiction,
            SagaStatus status,
            Instant receivedAt,
            Instant completedAt,
            Deadline deadline) {}

    public record StepView(
            String processor,
            StepStatus status,
            UUID commandId,
            int attempt,
            Instant dispatchedAt,
            Instant nextAttemptAt,
            Instant expectedCompletion,
            Instant completedAt,
            String lastError) {}

    public record TransitionView(String processor, String from, String to, String cause, Instant at) {}

    public record ActionView(String processor, String action, String actor, String reason, Instant at) {}

    public record DeferredView(
            String processor, String category, LocalDate dueOn, String status, Instant completedAt) {}

    public record SagaView(
            SagaSummary saga,
            List<StepView> steps,
            List<TransitionView> transitions,
            List<ActionView> operatorActions,
            List<DeferredView> deferredErasures) {}

    /** A reason for an action; for mark-done, the evidence note. */
    public record ActionRequest(String reason) {}

    public record ExtensionRequest(int months, String reason) {}

    private static final String OPEN = "s.status not in ('COMPLETED', 'COMPLETED_WITH_RETENTION', 'CANCELLED')";
    private static final String AT_RISK = "exists (from SagaStep st where st.requestId = s.requestId"
            + " and st.status not in ('DONE') and coalesce(st.expectedCompletion, st.nextAttemptAt) > s.dueAt)";

    @GET
    @WithSession
    public Uni<List<SagaSummary>> list(
            @QueryParam("status") SagaStatus status,
            @QueryParam("processor") String processor,
            @QueryParam("overdue") boolean overdue,
            @QueryParam("atRisk") boolean atRisk,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        StringBuilder query = new StringBuilder("from Saga s where 1 = 1");
        Parameters params = new Parameters();
        if (status != null) {
            query.append(" and s.status = :status");
            params.and("status", status);
        }
        if (processor != null && !processor.isBlank()) {
            query.append(" and exists (from SagaStep p where p.requestId = s.requestId and p.processor = :processor"
                    + " and p.status <> 'DONE')");
            params.and("processor", processor);
        }
        Instant now = clock.instant();
        if (overdue) {
            query.append(" and s.dueAt < :now and ").append(OPEN);
            params.and("now", now);
        }
        if (atRisk) {
            query.append(" and ").append(OPEN).append(" and ").append(AT_RISK);
        }
        int size = Math.max(1, Math.min(limit, 1000));
        return sagas.find(query.toString(), Sort.ascending("dueAt"), params)
                .page(0, size)
                .list()
                .flatMap(list -> InOrder.map(list, this::summary));
    }

    @GET
    @Path("/{requestId}")
    @WithSession
    public Uni<SagaView> get(@PathParam("requestId") UUID requestId) {
        return sagas.findById(requestId).flatMap(saga -> {
            if (saga == null) {
                return Uni.createFrom().failure(ProblemException.notFound("saga " + requestId));
            }
            return summary(saga)
                    .flatMap(summary -> steps.list("requestId", Sort.ascending("processor"), requestId)
                            .flatMap(stepRows -> transitions
                                    .list("requestId", Sort.ascending("at", "id"), requestId)
                                    .flatMap(transitionRows -> actions.list(
                                                    "requestId", Sort.ascending("id"), requestId)
                                            .flatMap(actionRows -> deferredErasures
                                                    .list("requestId", Sort.ascending("dueOn"), requestId)
                                                    .map(deferred -> new SagaView(
                                                            summary,
                                                            stepRows.stream()
                                                                    .map(s -> new StepView(
                                                                            s.processor,
                                                                            s.status,
                                                                            s.commandId,
                                                                            s.attempt,
                                                                            s.dispatchedAt,
                                                                            s.nextAttemptAt,
                                                                            s.expectedCompletion,
                                                                            s.completedAt,
                                                                            s.lastError))
                                                                    .toList(),
                                                            transitionRows.stream()
                                                                    .map(t -> new TransitionView(
                                                                            t.processor,
                                                                            t.fromStatus,
                                                                            t.toStatus,
                                                                            t.cause,
                                                                            t.at))
                                                                    .toList(),
                                                            actionRows.stream()
                                                                    .map(a -> new ActionView(
                                                                            a.processor,
                                                                            a.action,
                                                                            a.actor,
                                                                            a.reason,
                                                                            a.at))
                                                                    .toList(),
                                                            deferred.stream()
                                                                    .map(d -> new DeferredView(
                                                                            d.processor,
                                                                            d.category,
                                                                            d.dueOn,
                                                                            d.status.name(),
                                                                            d.completedAt))
                                                                    .toList()))))));
        });
    }

    @POST
    @Path("/{requestId}/steps/{processor}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SagaView> retry(
            @PathParam("requestId") UUID requestId,
            @PathParam("processor") String processor,
            ActionRequest body,
            @Context SecurityContext security) {
        return operators
                .retryStep(requestId, processor, actor(security), reason(body))
                .chain(() -> get(requestId));
    }

    @POST
    @Path("/{requestId}/steps/{processor}/mark-done")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SagaView> markDone(
            @PathParam("requestId") UUID requestId,
            @PathParam("processor") String processor,
            ActionRequest body,
            @Context SecurityContext security) {
        return operators
                .markDone(requestId, processor, actor(security), reason(body))
                .chain(() -> get(requestId));
    }

    @POST
    @Path("/{requestId}/cancel")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SagaView> cancel(
            @PathParam("requestId") UUID requestId, ActionRequest body, @Context SecurityContext security) {
        return operators.cancel(requestId, actor(security), reason(body)).chain(() -> get(requestId));
    }

    @POST
    @Path("/{requestId}/extend-deadline")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<SagaView> extend(
            @PathParam("requestId") UUID requestId, ExtensionRequest body, @Context SecurityContext security) {
        return operators
                .extendDeadline(
                        requestId,
                        body == null ? 0 : body.months(),
                        actor(security),
                        body == null ? null : body.reason())
                .chain(() -> get(requestId));
    }

    private static String actor(SecurityContext security) {
        return security != null && security.getUserPrincipal() != null
                ? security.getUserPrincipal().getName()
                : "unknown";
    }

    private static String reason(ActionRequest body) {
        return body == null ? null : body.reason();
    }

    private Uni<SagaSummary> summary(Saga s) {
        boolean open = !s.status.isCompleted() && s.status != SagaStatus.CANCELLED;
        Uni<Long> risky = open
                ? steps.count(
                        "requestId = ?1 and status <> ?2 and coalesce(expectedCompletion," + " nextAttemptAt) > ?3",
                        s.requestId,
                        StepStatus.DONE,
                        s.dueAt)
                : Uni.createFrom().item(0L);
        return risky.map(n -> new SagaSummary(
                s.requestId,
                s.requestType.name(),
                s.jurisdiction.name(),
                s.status,
                s.receivedAt,
                s.completedAt,
                new Deadline(
                        s.dueAt,
                        s.originalDueAt,
                        s.extensionReason,
                        open && s.dueAt.isBefore(clock.instant()),
                        n > 0)));
    }
}
