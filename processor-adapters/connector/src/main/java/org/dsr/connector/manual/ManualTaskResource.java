package org.dsr.connector.manual;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import org.dsr.connector.manual.ManualTasks.Task;
import org.dsr.connector.pending.PendingStepJob;
import org.dsr.connector.pending.PendingSteps;
import org.dsr.kit.problem.Problem;
import org.dsr.kit.problem.ProblemException;
import org.dsr.kit.reactive.InOrder;
import org.dsr.kit.security.Roles;
import org.jboss.logging.Logger;

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
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class ManualTaskResource {

    private static final Logger LOG = Logger.getLogger(ManualTaskResource.class);
    static final int LIST_LIMIT = 500;

    /** The answer to a completion: the task as completed, and each category's final status. */
    public record Completed(Task task, Map<String, String> outcomes, List<String> alreadyFinal) {}

    private final ManualTasks tasks;
    private final PendingSteps pending;
    private final PendingStepJob job;
    private final Clock clock;

    public ManualTaskResource(ManualTasks tasks, PendingSteps pending, PendingStepJob job, Clock clock) {
        this.tasks = tasks;
        this.pending = pending;
        this.job = job;
        this.clock = clock;
    }

    @GET
    public Uni<List<Task>> list(@QueryParam("status") String status) {
        String wanted = status == null || status.equals("open")
                ? ManualTasks.OPEN
                : status.equals("completed") ? ManualTasks.COMPLETED : null;
        if (wanted == null) {
            throw new ProblemException(
                    Problem.of("invalid-request", "Invalid request", 400, "status must be open or completed", null));
        }
        return Panache.withSession(() -> tasks.list(wanted, LIST_LIMIT));
    }

    @GET
    @Path("/{id}")
    public Uni<Task> one(@PathParam("id") String id) {
        UUID taskId = id(id);
        return Panache.withSession(() -> tasks.find(taskId))
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("The task")));
    }

    @POST
    @Path("/{id}/completion")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Completed> complete(
            @PathParam("id") String id, ManualCompletion.Request body, @Context SecurityContext security) {
        UUID taskId = id(id);
        String operator = security.getUserPrincipal().getName();
        return Panache.withTransaction(() -> tasks.lock(taskId).flatMap(found -> complete(found, body, operator)))
                .invoke(done -> LOG.infof(
                        "manual task %s for %s, request %s: completed by %s: %s",
                        taskId, done.task().processor(), done.task().requestId(), operator, done.outcomes()));
    }

    private Uni<Completed> complete(Optional<Task> found, ManualCompletion.Request body, String operator) {
        Task task = found.orElseThrow(() -> ProblemException.notFound("The task"));
        if (!task.open()) {
            throw new ProblemException(Problem.of(
                    "already-completed",
                    "Conflict",
                    409,
                    "The task was completed by " + task.completedBy() + " at " + task.completedAt(),
                    null));
        }
        ManualCompletion.Checked checked = ManualCompletion.check(task, body, operator, LocalDate.now(clock));
        return pending.ofCommand(task.commandId(), task.processor()).flatMap(rows -> {
            Set<UUID> open = rows.stream()
                    .filter(PendingSteps.Row::open)
                    .map(r -> r.step().id())
                    .collect(Collectors.toSet());
            ManualCompletion.Plan plan = ManualCompletion.plan(checked, open);
            return InOrder.each(
                            plan.finish().entrySet(),
                            e -> job.complete(e.getKey(), e.getValue()).invoke(done -> {
                                if (!done) {
                                    throw new ProblemException(Problem.of(
                                            "busy",
                                            "Service Unavailable",
                                            503,
                                            "The task's steps" + " are being updated right now; try again in a moment",
                                            null));
                                }
                            }))
                    .chain(() ->
                            tasks.complete(task.id(), operator, checked.statuses(), checked.exchanges(), plan.detail()))
                    .chain(() -> tasks.find(task.id()))
                    .map(after -> new Completed(after.orElseThrow(), plan.finished(), plan.alreadyFinal()));
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
