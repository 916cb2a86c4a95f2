package org.dsr.orchestrator.saga;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;

import org.dsr.kit.problem.ProblemException;

/** What operators watch: sagas, their steps and the audit trail of every transition. */
@Path("/api/v1/sagas")
@Produces(MediaType.APPLICATION_JSON)
public class SagaResource {

    public record SagaSummary(UUID requestId, String requestType, String jurisdiction, SagaStatus status,
            Instant receivedAt, Instant dueAt, Instant completedAt) {
        static SagaSummary of(Saga s) {
            return new SagaSummary(s.requestId, s.requestType.name(), s.jurisdiction.name(), s.status, s.receivedAt,
                    s.dueAt, s.completedAt);
        }
    }

    public record StepView(String processor, StepStatus status, UUID commandId, int attempt, Instant dispatchedAt,
            Instant completedAt, String lastError) {
    }

    public record TransitionView(String processor, String from, String to, String cause, Instant at) {
    }

    public record SagaView(SagaSummary saga, List<StepView> steps, List<TransitionView> transitions) {
    }

    @GET
    @WithSession
    public Uni<List<SagaSummary>> list(@QueryParam("status") SagaStatus status,
            @QueryParam("limit") @jakarta.ws.rs.DefaultValue("100") int limit) {
        int size = Math.max(1, Math.min(limit, 1000));
        var query = status == null ? Saga.<Saga> findAll(Sort.descending("receivedAt"))
                : Saga.<Saga> find("status", Sort.descending("receivedAt"), status);
        return query.page(Page.ofSize(size)).list().map(list -> list.stream().map(SagaSummary::of).toList());
    }

    @GET
    @Path("/{requestId}")
    @WithSession
    public Uni<SagaView> get(@PathParam("requestId") UUID requestId) {
        return Saga.<Saga> findById(requestId).flatMap(saga -> {
            if (saga == null) {
                return Uni.createFrom().failure(ProblemException.notFound("saga " + requestId));
            }
            return SagaStep.<SagaStep> list("requestId", Sort.ascending("processor"), requestId)
                    .flatMap(steps -> SagaTransition.<SagaTransition> list("requestId", Sort.ascending("id"), requestId)
                            .map(transitions -> new SagaView(SagaSummary.of(saga),
                                    steps.stream().map(s -> new StepView(s.processor, s.status, s.commandId, s.attempt,
                                            s.dispatchedAt, s.completedAt, s.lastError)).toList(),
                                    transitions.stream().map(t -> new TransitionView(t.processor, t.fromStatus,
                                            t.toStatus, t.cause, t.at)).toList())));
        });
    }
}
