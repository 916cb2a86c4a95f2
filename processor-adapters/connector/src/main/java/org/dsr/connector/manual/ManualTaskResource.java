package org.dsr.connector.manual;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import org.jboss.logging.Logger;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import org.dsr.adapter.kit.CategoryResult;
import org.dsr.connector.manual.ManualTasks.Task;
import org.dsr.connector.manual.ManualTasks.TaskCategory;
import org.dsr.connector.pending.PendingStepJob;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.security.Roles;

/**
 * The operators' side of kind {@code manual} (docs/connectors/manual.md), for {@code dsr-operator} only:
 * <ul>
 * <li>{@code GET /api/v1/tasks?status=open|completed}: the tasks, the most urgent first;</li>
 * <li>{@code GET /api/v1/tasks/{id}}: one task;</li>
 * <li>{@code POST /api/v1/tasks/{id}/completion}: the vendor's answer per category with its confirmation. In one
 * transaction: the task is locked (a second completion waits and is answered 409), every open pending step of it is
 * finished through {@link PendingStepJob#complete} (the final outcome signed with the processor's key, into the
 * outbox) and the task is marked completed by the operator the token names, with the audit event.</li>
 * </ul>
 * Bad input is RFC 9457 problem+json naming the fields, never quoting them.
 */
@Path("/api/v1/tasks")
@RolesAllowed(Roles.OPERATOR)
@Produces({ MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE })
public class ManualTaskResource {

    private static final Logger LOG = Logger.getLogger(ManualTaskResource.class);
    static final int LIST_LIMIT = 500;

    /** The answer to a completion: the task as completed, and each category's final status. */
    public record Completed(Task task, Map<String, String> outcomes, List<String> alreadyFinal) {
    }

    private final ManualTasks tasks;
    private final PendingSteps pending;
    private final PendingStepJob job;

    public ManualTaskResource(ManualTasks tasks, PendingSteps pending, PendingStepJob job) {
        this.tasks = tasks;
        this.pending = pending;
        this.job = job;
    }

    @GET
    public Uni<List<Task>> list(@QueryParam("status") String status) {
        String wanted = status == null || status.equals("open") ? ManualTasks.OPEN
                : status.equals("completed") ? ManualTasks.COMPLETED : null;
        if (wanted == null) {
            throw new ProblemException(Problem.of("invalid-request", "Invalid request", 400,
                    "status must be open or completed", null));
        }
        return Panache.withSession(() -> tasks.list(wanted, LIST_LIMIT));
    }

    @GET
    @Path("/{id}")
    public Uni<Task> one(@PathParam("id") String id) {
        UUID taskId = id(id);
        return Panache.withSession(() -> tasks.find(taskId)).map(found -> found
                .orElseThrow(() -> ProblemException.notFound("The task")));
    }

    @POST
    @Path("/{id}/completion")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Completed> complete(@PathParam("id") String id, ManualCompletion.Request body,
            @Context SecurityContext security) {
        UUID taskId = id(id);
        String operator = security.getUserPrincipal().getName();
        return Panache.withTransaction(() -> tasks.lock(taskId).flatMap(found -> complete(found, body, operator)))
                .invoke(done -> LOG.infof("manual task %s for %s, request %s: completed by %s: %s", taskId,
                        done.task().processor(), done.task().requestId(), operator, done.outcomes()));
    }

    private Uni<Completed> complete(Optional<Task> found, ManualCompletion.Request body, String operator) {
        Task task = found.orElseThrow(() -> ProblemException.notFound("The task"));
        if (!task.open()) {
            throw new ProblemException(Problem.of("already-completed", "Conflict", 409, "The task was completed by "
                    + task.completedBy() + " at " + task.completedAt(), null));
        }
        ManualCompletion.Checked checked = ManualCompletion.check(task, body, operator, ManualCompletion.today());
        return pending.ofCommand(task.commandId(), task.processor()).flatMap(rows -> {
            Map<UUID, PendingSteps.Row> steps = new HashMap<>();
            rows.forEach(r -> steps.put(r.step().id(), r));
            List<String> alreadyFinal = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Map.Entry<TaskCategory, CategoryResult> e : checked.results().entrySet()) {
                PendingSteps.Row row = steps.get(e.getKey().stepId());
                if (row == null || !row.open()) {
                    // finished otherwise (e.g. failed by the job): the outcome stands, the task still closes
                    alreadyFinal.add(e.getKey().category());
                    continue;
                }
                chain = chain.chain(() -> job.complete(e.getKey().stepId(), e.getValue()).invoke(done -> {
                    if (!done) {
                        throw new ProblemException(Problem.of("busy", "Service Unavailable", 503, "The task's steps"
                                + " are being updated right now; try again in a moment", null));
                    }
                }).replaceWithVoid());
            }
            Map<String, String> finished = new java.util.LinkedHashMap<>(checked.statuses());
            alreadyFinal.forEach(finished::remove);
            String detail = checked.statuses().entrySet().stream().map(s -> s.getKey() + "=" + s.getValue())
                    .collect(Collectors.joining(", ")) + "; " + checked.exchanges().size() + " confirmation(s)"
                    + (alreadyFinal.isEmpty() ? "" : "; already final: " + alreadyFinal)
                    + (checked.note() == null ? "" : "; note: " + checked.note());
            return chain.chain(() -> tasks.complete(task.id(), operator, checked.statuses(), checked.exchanges(),
                    detail)).chain(() -> tasks.find(task.id()))
                    .map(after -> new Completed(after.orElseThrow(), finished, alreadyFinal));
        });
    }

    private static UUID id(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("The task");
        }
    }
}
